package io.tributary.runtime.net;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;

/**
 * Picks TCP ports that are free on the loopback interface right now.
 *
 * <p>There is an unavoidable race between "the OS said this port is free" and "the child
 * process binds it"; keeping the window short (pick just before launching) and asking the OS
 * (port 0) rather than guessing keeps collisions rare enough for tests on one machine.
 */
public final class FreePorts {

    private FreePorts() {
    }

    /** One free port. */
    public static int pick() {
        return pick(1)[0];
    }

    /**
     * {@code count} distinct free ports. All sockets stay open until every port is chosen,
     * so the OS cannot hand the same ephemeral port out twice in one call.
     */
    public static int[] pick(int count) {
        if (count < 1) {
            throw new IllegalArgumentException("count must be >= 1, was " + count);
        }
        List<ServerSocket> held = new ArrayList<>(count);
        try {
            int[] ports = new int[count];
            for (int i = 0; i < count; i++) {
                ServerSocket socket = new ServerSocket();
                held.add(socket);
                // No SO_REUSEADDR: a port still in TIME_WAIT from an earlier run could then
                // be handed out and the child's bind would fail.
                socket.setReuseAddress(false);
                socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
                ports[i] = socket.getLocalPort();
            }
            return ports;
        } catch (IOException e) {
            throw new UncheckedIOException("could not find a free port", e);
        } finally {
            for (ServerSocket socket : held) {
                try {
                    socket.close();
                } catch (IOException ignored) {
                    // closing a listening socket that never accepted cannot meaningfully fail
                }
            }
        }
    }

    /** Whether {@code port} can be bound on the loopback interface right now. */
    public static boolean isFree(int port) {
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
