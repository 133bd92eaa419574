package io.tributary.runtime.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.Arrays;

import org.junit.jupiter.api.Test;

class FreePortsTest {

    @Test
    void picksDistinctBindablePorts() {
        int[] ports = FreePorts.pick(5);
        assertEquals(5, Arrays.stream(ports).distinct().count());
        for (int port : ports) {
            assertTrue(port > 0 && port < 65536);
            assertTrue(FreePorts.isFree(port));
        }
    }

    @Test
    void aBoundPortIsNotFree() throws Exception {
        try (ServerSocket socket = new ServerSocket()) {
            socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            assertFalse(FreePorts.isFree(socket.getLocalPort()));
        }
    }
}
