package dev.switchboard.control;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A process of viewers flooding a control socket, for {@link ControlServerTest}: its own process,
 * so that the engine's side is told apart by its pid and its CPU is not ours. Arguments: the
 * socket, the connections, the seconds to flood; it starts on a line on its standard input. Every other connection subscribes and then sends
 * junk; the rest send commands as fast as they can and read the answers. It prints
 * "flooding ..." once every connection has heard its first word (its refusal or its first answer),
 * floods on, then prints "flooded ..." and ends.
 */
public final class Flood {
    private static final byte[] COMMANDS = "show state json\nshow stat\nhelp\nshow gateways json\nshow whoami\n".repeat(80).getBytes(StandardCharsets.US_ASCII);
    private static final byte[] JUNK = "show view\n".repeat(6_500).getBytes(StandardCharsets.US_ASCII);

    public static void main(String[] args) throws Exception {
        UnixDomainSocketAddress socket = UnixDomainSocketAddress.of(args[0]);
        int connections = Integer.parseInt(args[1]);
        long seconds = Long.parseLong(args[2]);
        new java.io.BufferedReader(new java.io.InputStreamReader(System.in, StandardCharsets.US_ASCII)).readLine(); // the engine knows our pid
        Map<String, Integer> firstWords = new ConcurrentHashMap<>();
        AtomicLong answers = new AtomicLong();
        AtomicLong events = new AtomicLong();
        AtomicLong sent = new AtomicLong();
        CountDownLatch heard = new CountDownLatch(connections);
        List<SocketChannel> open = new ArrayList<>();
        for (int i = 0; i < connections; i++) {
            SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX);
            ch.connect(socket);
            open.add(ch);
            boolean subscriber = i % 2 == 0;
            daemon(() -> {
                try {
                    write(ch, subscriber ? "subscribe\n".getBytes(StandardCharsets.US_ASCII) : COMMANDS);
                    while (true) {
                        write(ch, subscriber ? JUNK : COMMANDS);
                        sent.addAndGet(subscriber ? JUNK.length : COMMANDS.length);
                    }
                } catch (IOException e) {
                    // refused and closed, or the end
                }
            });
            daemon(() -> {
                boolean first = true;
                try {
                    InputStream in = new BufferedInputStream(Channels.newInputStream(ch), 64 * 1024);
                    StringBuilder line = new StringBuilder();
                    for (int c; (c = in.read()) >= 0; ) {
                        if (c != '\n') {
                            line.append((char) c);
                            continue;
                        }
                        String l = line.toString();
                        line.setLength(0);
                        if (first) {
                            first = false;
                            firstWords.merge(l.startsWith("error: ") ? l : l.startsWith("subscribed") ? "subscribed" : "answered", 1, Integer::sum);
                            heard.countDown();
                        }
                        if (l.isEmpty()) {
                            answers.incrementAndGet();
                        } else if (l.startsWith("event: ")) {
                            events.incrementAndGet();
                        }
                    }
                } catch (IOException e) {
                    // the end
                }
                if (first) {
                    firstWords.merge("closed without a word", 1, Integer::sum);
                    heard.countDown();
                }
            });
        }
        heard.await(30, TimeUnit.SECONDS); // else it says who has not been heard from
        System.out.println("flooding " + new TreeMap<>(firstWords) + (heard.getCount() > 0 ? " and " + heard.getCount() + " not heard from" : ""));
        long start = System.nanoTime();
        Thread.sleep(seconds * 1000); // the flood's length
        double wall = (System.nanoTime() - start) / 1e9;
        System.out.printf("flooded %.1f s: %d answers, %d events, %d MB sent%n", wall, answers.get(), events.get(), sent.get() >> 20);
        for (SocketChannel ch : open) {
            ch.close();
        }
    }

    private static void write(SocketChannel ch, byte[] bytes) throws IOException {
        ByteBuffer b = ByteBuffer.wrap(bytes);
        while (b.hasRemaining()) {
            ch.write(b);
        }
    }

    private static void daemon(Runnable r) {
        Thread t = new Thread(r);
        t.setDaemon(true);
        t.start();
    }
}
