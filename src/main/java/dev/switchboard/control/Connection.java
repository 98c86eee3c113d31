package dev.switchboard.control;

import dev.switchboard.sys.EpollChannels;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.epoll.EpollDomainSocketChannel;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import io.netty.channel.unix.PeerCredentials;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.handler.timeout.IdleStateHandler;
import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * One connection to the control socket. Who it is comes first (the kernel's word, named off the
 * event loop), then a place in {@link Slots} or a refusal; then its lines, answered in order, one
 * command at a time on an executor (the admins' own: a viewer never queues ahead of a confirm),
 * each answer written back on the channel; once it subscribes, events ({@link Subscriber}) and
 * nothing it sends is heard. A viewer's command and each read wait their turn for a token of his
 * user's {@link Budget} (a read pays after for what it held beyond one). Reading pauses (autoRead
 * off) while a token is awaited, while {@value #READ_AHEAD} lines (or a longest line's chars)
 * wait, or while the client does not take its answers. All of its state is the event loop's.
 */
final class Connection extends ChannelInboundHandlerAdapter {
    /** Lines read ahead of their answers; at this many, or at MAX_LINE chars, reading pauses. */
    static final int READ_AHEAD = 16;
    /** What a token buys of input: the largest plan-edit (1.4 MB) costs 22, within the burst; a flood of bytes is paced. */
    static final double INPUT_BYTES_PER_TOKEN = 64 * 1024;
    private static final long TELL_MILLIS = 1000; // for a last word to get out before the cut
    private static final long HANG_UP_CHECK_MILLIS = 10;

    /** A line to answer: a command for the protocol, or the answer of one refused already. */
    private record Line(String command, String answer) {}

    private final ControlServer server;
    private final Deque<Line> lines = new ArrayDeque<>();
    private long ahead; // the chars of the commands in lines
    private Channel ch;
    private Peer peer; // once it has a place
    private Budget budget; // a viewer's user's; none for admins
    private boolean lineReserved; // a token for the next line, earned at lineDue
    private long lineDue;
    private boolean readReserved; // a token for the next read, earned at readDue
    private long readDue;
    private Subscriber subscriber; // once it subscribes
    private boolean running; // a command of its is on an executor
    private boolean slotGiven; // its place in Slots, given back (see giveSlotOnceDone)
    private boolean inputDone; // it has said all it will
    private boolean closing;
    private boolean wakeSet;
    private long wakeDue;
    private long unwritableSince; // 0 while it takes what it is sent
    private boolean watching; // a timer watches it not taking it
    private boolean prompt; // HAProxy's interactive mode: "> " after each answer

    private Connection(ControlServer server) {
        this.server = server;
    }

    /** One connection's pipeline: reads metered, silence timed, lines cut, then this. */
    static void install(Channel ch, ControlServer server) {
        Connection c = new Connection(server);
        ch.pipeline().addLast(c.new Meter(), new IdleStateHandler(false, server.idle().toNanos(), 0, 0, TimeUnit.NANOSECONDS),
                new Lines(ControlServer.MAX_LINE), c);
    }

    /**
     * Counts reads, and has a viewer pay for all he sends, lines or not. Reads asked for while
     * this connection pauses are not passed on: the line decoder asks for more on its own when it
     * holds half a line, and a line dropped as too long is all half lines.
     */
    private final class Meter extends ChannelDuplexHandler {
        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            if (msg instanceof ByteBuf bytes) {
                server.reads.increment();
                server.bytesRead.add(bytes.readableBytes());
                if (budget != null) { // a read reserved a token: the rest now
                    budget.spend(bytes.readableBytes() / INPUT_BYTES_PER_TOKEN - (readReserved ? 1 : 0), System.nanoTime());
                    readReserved = false;
                }
            }
            ctx.fireChannelRead(msg);
            pump(); // whether to read on
        }

        @Override
        public void read(ChannelHandlerContext ctx) {
            if (ctx.channel().config().isAutoRead()) {
                ctx.read();
            }
        }
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        ch = ctx.channel();
        EpollChannels.keepRegistered(ch); // else answers owed after the client shut its side are cut short
        PeerCredentials cred;
        try {
            cred = ((EpollDomainSocketChannel) ch).peerCredentials();
        } catch (IOException e) {
            end("cannot tell who you are: " + e.getMessage());
            return;
        }
        int uid = cred.uid();
        int gid = cred.gids().length > 0 ? cred.gids()[0] : -1;
        int pid = cred.pid();
        try {
            server.who.execute(() -> {
                try {
                    Peer p = server.settings.identity().of(uid, gid, pid);
                    onLoop(() -> admit(p));
                } catch (IOException | RuntimeException e) {
                    onLoop(() -> end("cannot tell who you are: " + e.getMessage()));
                }
            });
        } catch (RejectedExecutionException e) {
            ch.close(); // the server is closing
        }
    }

    private void admit(Peer p) {
        if (!ch.isActive()) {
            return;
        }
        Optional<String> refused = server.slots.take(p);
        if (refused.isPresent()) {
            end(refused.get());
            return;
        }
        peer = p;
        ch.closeFuture().addListener(f -> giveSlotOnceDone());
        budget = p.admin() ? null : server.budget(p.user());
        pump();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        ByteBuf frame = (ByteBuf) msg;
        try {
            if (subscriber == null && !closing) {
                Line line = line(frame);
                for (String c : line.command() == null ? List.of("") : Interactive.commands(line.command())) {
                    lines.add(line.command() == null ? line : new Line(c, null));
                    ahead += c.length();
                }
            }
        } finally {
            frame.release();
        }
        pump();
    }

    /** A line as the protocol's text: UTF-8 without NUL, or refused here with why. */
    private static Line line(ByteBuf frame) {
        int nul = frame.indexOf(frame.readerIndex(), frame.writerIndex(), (byte) 0);
        if (nul >= 0) {
            return new Line(null, Protocol.error("the line holds a NUL byte (at byte " + (nul - frame.readerIndex()) + "): commands are text"));
        }
        try {
            return new Line(StandardCharsets.UTF_8.newDecoder().decode(frame.nioBuffer()).toString().replace("\r", ""), null);
        } catch (CharacterCodingException e) {
            return new Line(null, Protocol.error("the line is not UTF-8: commands are text"));
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (cause instanceof TooLongFrameException) { // in its place among the lines: answered in order
            if (subscriber == null && !closing) {
                lines.add(new Line(null, Protocol.error("line longer than " + ControlServer.MAX_LINE + " bytes")));
                pump();
            }
            return;
        }
        if (!(cause instanceof IOException)) {
            server.log.accept("control socket: " + (peer == null ? "a client" : peer.user()) + ": " + cause);
        }
        ctx.close(); // the client went away, or this connection broke: it alone ends
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
        if (evt instanceof ChannelInputShutdownEvent) { // its last lines were read before this
            inputDone = true;
            if (subscriber != null || (peer == null && lines.isEmpty()) || EpollChannels.hungUp(ch)) { // nothing to answer, or nobody
                ctx.close();
            } else {
                watchHangUp();
                pump();
            }
        } else if (evt instanceof IdleStateEvent) {
            idle();
        }
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        if (ch.isWritable()) {
            unwritableSince = 0;
            if (subscriber != null) {
                subscriber.drain();
            }
            pump();
            return;
        }
        unwritableSince = System.nanoTime();
        if (!watching) {
            watching = true;
            watchUnwritable(server.idle().toNanos());
        }
    }

    /** One timer however often its socket fills: a client that takes nothing of what it is sent for the idle time is cut. */
    private void watchUnwritable(long delay) {
        ch.eventLoop().schedule(() -> {
            if (unwritableSince == 0 || !ch.isActive()) {
                watching = false;
                return;
            }
            long left = unwritableSince + server.idle().toNanos() - System.nanoTime();
            if (left > 0) {
                watchUnwritable(left);
            } else {
                end("you have not read what you were sent for " + server.idle().toSeconds() + " s");
            }
        }, delay, TimeUnit.NANOSECONDS);
    }

    /**
     * Its side shut and answers owed: a client killed now hangs up, which epoll reports at every
     * turn of the loop and Netty does not act on (see {@link EpollChannels}), so the loop spins
     * until this sees it. Looked for every {@value #HANG_UP_CHECK_MILLIS} ms until the end: a
     * poll(2) costs a microsecond, a spin that long is 1% of a core for each client killed a second.
     */
    private void watchHangUp() {
        ch.eventLoop().schedule(() -> {
            if (ch.isActive()) {
                if (EpollChannels.hungUp(ch)) {
                    ch.close();
                } else {
                    watchHangUp();
                }
            }
        }, HANG_UP_CHECK_MILLIS, TimeUnit.MILLISECONDS);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        if (subscriber != null) {
            subscriber.close();
        }
        if (budget != null) { // tokens reserved and not used go back to the user
            budget.spend(-((lineReserved ? 1 : 0) + (readReserved ? 1 : 0)), System.nanoTime());
        }
    }

    /** Answers what it can now, in order; then reads on, or pauses until it may. */
    private void pump() {
        if (peer == null || closing || !ch.isActive()) {
            return;
        }
        long now = System.nanoTime();
        while (subscriber == null && !running && !lines.isEmpty() && ch.isWritable()) {
            if (budget != null) {
                if (!lineReserved) {
                    lineReserved = true;
                    lineDue = now + budget.reserve(1, now);
                }
                if (now - lineDue < 0) {
                    wakeAt(lineDue);
                    break;
                }
                lineReserved = false;
            }
            Line line = lines.poll();
            ahead -= line.command() == null ? 0 : line.command().length();
            if (line.answer() != null) {
                ch.write(text(line.answer() + Interactive.end(prompt)));
            } else if (Interactive.is(line.command(), Interactive.PROMPT)) {
                prompt = !prompt;
                ch.write(text(Interactive.end(prompt)));
            } else if (Interactive.is(line.command(), Interactive.QUIT)) {
                closing = true;
                ch.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(ChannelFutureListener.CLOSE);
                return;
            } else if (line.command().strip().equalsIgnoreCase("subscribe")) {
                subscribe();
            } else {
                run(line.command());
            }
        }
        ch.flush();
        if (inputDone && lines.isEmpty() && !running) { // all said and answered: the client waits for the end
            closing = true;
            ch.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(ChannelFutureListener.CLOSE);
            return;
        }
        boolean read = !inputDone && lines.size() < READ_AHEAD && ahead < ControlServer.MAX_LINE;
        if (read && budget != null) { // a read waits its turn for a token, as a command does
            if (!readReserved) {
                readReserved = true;
                readDue = now + budget.reserve(1, now);
            }
            if (now - readDue < 0) {
                wakeAt(readDue);
                read = false;
            }
        }
        ch.config().setAutoRead(read);
    }

    private void subscribe() {
        lines.clear();
        ahead = 0;
        subscriber = new Subscriber(ch, ControlServer.EVENT_QUEUE);
        // what it sends now is not heard, so not cut in lines either (the decoder's rest comes here, and goes)
        ch.pipeline().remove(Lines.class);
        subscriber.start(server.protocol);
    }

    private void run(String command) {
        running = true;
        Peer p = peer;
        ExecutorService executor = p.admin() ? server.admins : server.viewers;
        try {
            executor.execute(() -> {
                String answer;
                try {
                    answer = server.protocol.answer(command, p);
                } catch (RuntimeException e) {
                    server.log.accept("control socket: " + p.user() + ": " + command.split("\\s+", 2)[0] + ": " + e);
                    answer = Protocol.error("the engine failed to answer: " + e);
                }
                String a = answer;
                onLoop(() -> done(a));
            });
        } catch (RejectedExecutionException e) {
            ch.close(); // the server is closing
        }
    }

    private void done(String answer) {
        running = false;
        if (!ch.isActive()) {
            giveSlotOnceDone();
        } else {
            ch.writeAndFlush(text(answer + Interactive.end(prompt)));
            pump();
        }
    }

    /**
     * Its place goes back once it is closed and its command is over: a client that hangs up while
     * its command waits on an executor keeps the place until then, so the commands queued for
     * clients gone are as few as the places a user may hold. On the event loop, as both ends are.
     */
    private void giveSlotOnceDone() {
        if (!running && !slotGiven) {
            slotGiven = true;
            server.slots.give(peer);
        }
    }

    /** Silent for the idle time: cut, unless we owe it an answer or it listens to events. */
    private void idle() {
        if (peer == null) {
            ch.close(); // not yet named after all that time: nothing to say to it
        } else if (!running && lines.isEmpty() && subscriber == null) {
            end("idle for " + server.idle().toSeconds() + " s");
        }
    }

    /** Tells it why, then closes: when the words are out, or soon if it does not read them. */
    private void end(String why) {
        if (closing) {
            return;
        }
        closing = true;
        ch.config().setAutoRead(false);
        ch.writeAndFlush(text(Protocol.error(why + (peer == null ? "" : ": closing")))).addListener(ChannelFutureListener.CLOSE);
        ch.eventLoop().schedule(() -> ch.close(), TELL_MILLIS, TimeUnit.MILLISECONDS);
    }

    /** Pumps again at {@code due}, unless a wake comes before it anyway. */
    private void wakeAt(long due) {
        if (!wakeSet || due - wakeDue < 0) {
            wakeSet = true;
            wakeDue = due;
            ch.eventLoop().schedule(() -> {
                if (wakeDue == due) {
                    wakeSet = false;
                }
                pump();
            }, due - System.nanoTime(), TimeUnit.NANOSECONDS);
        }
    }

    private void onLoop(Runnable task) {
        try {
            ch.eventLoop().execute(task);
        } catch (RejectedExecutionException e) {
            // the server is closing
        }
    }

    private ByteBuf text(String s) {
        return ByteBufUtil.writeUtf8(ch.alloc(), s);
    }
}
