package io.missioncontrol.bench;

import java.io.IOException;
import java.net.InetAddress;

/** The benchmark only ever talks to this machine. */
final class Guard {

    private Guard() {
    }

    static void requireLoopback(String host) {
        try {
            for (InetAddress a : InetAddress.getAllByName(host)) {
                if (!a.isLoopbackAddress()) {
                    throw new IllegalStateException("Refusing to benchmark against " + host + " ("
                            + a.getHostAddress() + "): only loopback addresses are allowed");
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException("Cannot resolve " + host + ": " + e, e);
        }
    }
}
