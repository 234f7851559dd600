package io.missioncontrol.base;

import java.net.InetAddress;
import java.net.UnknownHostException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

/**
 * Says, when the portal listens beyond loopback, that TLS belongs in front of it: sign-in is always on, but
 * passwords, session cookies and tokens would otherwise cross the network in clear.
 */
@Component
class ListenAddressWarning {

    private static final Logger log = LoggerFactory.getLogger(ListenAddressWarning.class);

    private final Environment environment;

    ListenAddressWarning(Environment environment) {
        this.environment = environment;
    }

    @EventListener(ApplicationReadyEvent.class)
    void warnWhenExposed() {
        String address = environment.getProperty("server.address");
        if (!isLoopback(address)) {
            log.warn("Mission Control listens on '{}' and speaks plain HTTP: put TLS in front of it (a reverse proxy "
                    + "on this machine, with server.address=127.0.0.1 behind it, or one that alone can reach this "
                    + "port), or passwords and tokens cross the network in clear.",
                    address == null ? "all interfaces" : address);
        }
    }

    static boolean isLoopback(String address) {
        if (address == null || address.isBlank()) {
            return false;
        }
        try {
            return InetAddress.getByName(address).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }
}
