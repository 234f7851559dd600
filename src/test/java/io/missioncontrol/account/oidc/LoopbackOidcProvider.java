package io.missioncontrol.account.oidc;

import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.SecurityContext;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.security.interfaces.RSAPrivateKey;
import java.security.interfaces.RSAPublicKey;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.http.converter.autoconfigure.HttpMessageConvertersAutoConfiguration;
import org.springframework.boot.tomcat.autoconfigure.servlet.TomcatServletWebServerAutoConfiguration;
import org.springframework.boot.webmvc.autoconfigure.DispatcherServletAutoConfiguration;
import org.springframework.boot.webmvc.autoconfigure.WebMvcAutoConfiguration;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.core.annotation.Order;
import org.springframework.http.MediaType;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configuration.EnableWebSecurity;
import org.springframework.security.config.annotation.web.configurers.oauth2.server.authorization.OAuth2AuthorizationServerConfigurer;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.ClientAuthenticationMethod;
import org.springframework.security.oauth2.core.oidc.OidcScopes;
import org.springframework.security.oauth2.core.oidc.endpoint.OidcParameterNames;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.security.oauth2.server.authorization.client.InMemoryRegisteredClientRepository;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;
import org.springframework.security.oauth2.server.authorization.settings.AuthorizationServerSettings;
import org.springframework.security.oauth2.server.authorization.settings.ClientSettings;
import org.springframework.security.oauth2.server.authorization.token.JwtEncodingContext;
import org.springframework.security.oauth2.server.authorization.token.OAuth2TokenCustomizer;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.LoginUrlAuthenticationEntryPoint;
import org.springframework.security.web.util.matcher.MediaTypeRequestMatcher;

/**
 * A real OpenID Connect provider for sign-in tests: Spring Security's Authorization Server in an application context
 * of its own, on a random port of 127.0.0.1, with one registered client (authorization code, no consent page) and
 * people who sign in on its own login form. The ID token carries a {@code groups} claim with each person's groups,
 * for the portal's group → role mapping.
 *
 * <p>Only the web server, MVC and security pieces are configured (no auto-configuration scan), so the portal's own
 * beans and its application.yml never enter this context.
 */
public final class LoopbackOidcProvider implements AutoCloseable {

    /** The claim that lists a person's groups in the ID token. */
    public static final String GROUPS_CLAIM = "groups";

    /** Someone who can sign in at the provider. */
    public record Person(String username, String password, String email, List<String> groups) {
    }

    /** The client the portal is registered as. */
    public record Client(String clientId, String clientSecret, String redirectUri) {
    }

    private final ConfigurableApplicationContext context;

    private LoopbackOidcProvider(ConfigurableApplicationContext context) {
        this.context = context;
    }

    /** Starts a provider knowing {@code client} and {@code people}; close it when done. */
    public static LoopbackOidcProvider start(Client client, List<Person> people) {
        ConfigurableApplicationContext context = new SpringApplicationBuilder(ProviderConfiguration.class)
                .web(WebApplicationType.SERVLET)
                .initializers(c -> c.getBeanFactory().registerSingleton("oidcClient", client))
                .initializers(c -> c.getBeanFactory().registerSingleton("oidcPeople", new People(people)))
                .logStartupInfo(false)
                // its own (absent) config file, not the portal's application.yml
                .run("--spring.config.name=loopback-oidc-provider", "--server.address=127.0.0.1", "--server.port=0",
                        "--spring.main.banner-mode=off", "--server.servlet.session.cookie.name=OIDC_PROVIDER_SESSION");
        return new LoopbackOidcProvider(context);
    }

    /** The port it listens on (127.0.0.1). */
    public int port() {
        return ((WebServerApplicationContext) context).getWebServer().getPort();
    }

    /** The issuer; discovery is at {@code <issuer>/.well-known/openid-configuration}. */
    public String issuerUri() {
        return "http://127.0.0.1:" + port();
    }

    @Override
    public void close() {
        context.close();
    }

    /** The people, as one bean (a plain List bean would be taken for a collection of beans). */
    record People(List<Person> all) {
    }

    // not a @Configuration: the portal's component scan of io.missioncontrol must not pick it up in its own tests
    @EnableWebSecurity
    @ImportAutoConfiguration({TomcatServletWebServerAutoConfiguration.class, DispatcherServletAutoConfiguration.class,
            WebMvcAutoConfiguration.class, HttpMessageConvertersAutoConfiguration.class})
    static class ProviderConfiguration {

        @Bean
        @Order(1)
        SecurityFilterChain authorizationServerEndpoints(HttpSecurity http) throws Exception {
            OAuth2AuthorizationServerConfigurer server = new OAuth2AuthorizationServerConfigurer();
            http.securityMatcher(server.getEndpointsMatcher())
                    .with(server, s -> s.oidc(Customizer.withDefaults()))
                    .authorizeHttpRequests(a -> a.anyRequest().authenticated())
                    .exceptionHandling(e -> e.defaultAuthenticationEntryPointFor(
                            new LoginUrlAuthenticationEntryPoint("/login"),
                            new MediaTypeRequestMatcher(MediaType.TEXT_HTML)));
            return http.build();
        }

        @Bean
        @Order(2)
        SecurityFilterChain loginForm(HttpSecurity http) throws Exception {
            http.authorizeHttpRequests(a -> a.anyRequest().authenticated())
                    .formLogin(Customizer.withDefaults());
            return http.build();
        }

        @Bean
        PasswordEncoder passwordEncoder() {
            return PasswordEncoderFactories.createDelegatingPasswordEncoder();
        }

        @Bean
        UserDetailsService people(People people, PasswordEncoder encoder) {
            return new InMemoryUserDetailsManager(people.all().stream()
                    .map(p -> User.withUsername(p.username())
                            .password(encoder.encode(p.password()))
                            .authorities(p.groups().toArray(String[]::new))
                            .build())
                    .toList());
        }

        @Bean
        RegisteredClientRepository clients(Client client, PasswordEncoder encoder) {
            return new InMemoryRegisteredClientRepository(RegisteredClient.withId(UUID.randomUUID().toString())
                    .clientId(client.clientId())
                    .clientSecret(encoder.encode(client.clientSecret()))
                    .clientAuthenticationMethod(ClientAuthenticationMethod.CLIENT_SECRET_BASIC)
                    .clientAuthenticationMethod(ClientAuthenticationMethod.CLIENT_SECRET_POST)
                    .authorizationGrantType(AuthorizationGrantType.AUTHORIZATION_CODE)
                    .authorizationGrantType(AuthorizationGrantType.REFRESH_TOKEN)
                    .redirectUri(client.redirectUri())
                    .scope(OidcScopes.OPENID)
                    .scope(OidcScopes.PROFILE)
                    .scope(OidcScopes.EMAIL)
                    .clientSettings(ClientSettings.builder().requireAuthorizationConsent(false).build())
                    .build());
        }

        /** Groups and e-mail into the ID token (and the access token), as lab identity providers do. */
        @Bean
        OAuth2TokenCustomizer<JwtEncodingContext> groupsClaim(People people) {
            return context -> {
                // the person's own groups, not the principal's authorities (Spring Security adds FACTOR_* ones)
                people.all().stream().filter(p -> p.username().equals(context.getPrincipal().getName())).findFirst()
                        .ifPresent(p -> {
                            context.getClaims().claim(GROUPS_CLAIM, p.groups());
                            if (OidcParameterNames.ID_TOKEN.equals(context.getTokenType().getValue())) {
                                context.getClaims().claims(c -> c.putAll(Map.of(
                                        "email", p.email(), "preferred_username", p.username())));
                            }
                        });
            };
        }

        @Bean
        JWKSource<SecurityContext> signingKeys() {
            KeyPair pair;
            try {
                KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
                generator.initialize(2048);
                pair = generator.generateKeyPair();
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException(e);
            }
            RSAKey key = new RSAKey.Builder((RSAPublicKey) pair.getPublic())
                    .privateKey((RSAPrivateKey) pair.getPrivate())
                    .keyID(UUID.randomUUID().toString())
                    .build();
            return new ImmutableJWKSet<>(new JWKSet(key));
        }

        /** For the provider's own userinfo endpoint, which takes the access tokens it signed. */
        @Bean
        JwtDecoder accessTokens(JWKSource<SecurityContext> signingKeys) {
            return NimbusJwtDecoder.withJwkSource(signingKeys).build();
        }

        @Bean
        AuthorizationServerSettings serverSettings() {
            // no issuer set: it is taken from the request (http://127.0.0.1:<port>), known only once started
            return AuthorizationServerSettings.builder().build();
        }
    }
}
