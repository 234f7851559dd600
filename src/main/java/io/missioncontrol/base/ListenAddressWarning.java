package io.missioncontrol.base;

import java.net.InetAddress;
import java.net.UnknownHostException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

/** Warns loudly when the portal, which has no login yet, listens on more than loopback. */
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
            log.warn("Mission Control has no authentication yet and listens on '{}': anyone who can reach this "
                    + "machine can launch and cancel jobs with your cluster keys. Set server.address=127.0.0.1 "
                    + "unless you know what you are doing.", address == null ? "all interfaces" : address);
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
