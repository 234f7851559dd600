package io.missioncontrol;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.web.client.RestClient;

/**
 * Base of tests that need the whole application: a real server on a random loopback port and a
 * fresh SQLite file. Every subclass shares one Spring context (same configuration), so tests
 * clean the tables they use.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
public abstract class SpringIntegrationTest {

    @LocalServerPort
    protected int port;

    /** A client for the portal's own REST API; 4xx/5xx are returned, not thrown. */
    protected RestClient api() {
        return RestClient.builder().baseUrl("http://127.0.0.1:" + port)
                .defaultStatusHandler(status -> true, (request, response) -> { })
                .build();
    }
}
