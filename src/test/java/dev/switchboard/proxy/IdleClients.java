package dev.switchboard.proxy;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.List;

/**
 * A second process for ProxyTest: opens N idle connections to host:port, says "ready", waits
 * for its standard input to close, then says how many were still open. A process of its own
 * because one process may hold only so many descriptors.
 */
public final class IdleClients {
    public static void main(String[] args) throws IOException {
        int n = Integer.parseInt(args[2]);
        List<SocketChannel> open = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            open.add(SocketChannel.open(new InetSocketAddress(args[0], Integer.parseInt(args[1]))));
            if (i % 500 == 499) {
                pause(); // in waves, so that no accept queue on the way overflows
            }
        }
        System.out.println("ready " + open.size());
        System.out.flush();
        System.in.readAllBytes();
        int alive = 0;
        ByteBuffer one = ByteBuffer.allocate(1);
        for (SocketChannel c : open) {
            c.configureBlocking(false);
            if (c.read(one) == 0) { // nothing to read and no EOF: still connected
                alive++;
            }
        }
        System.out.println("alive " + alive);
    }

    private static void pause() {
        try {
            Thread.sleep(50);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
