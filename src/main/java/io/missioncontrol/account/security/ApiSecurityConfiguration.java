package io.missioncontrol.account.security;

import io.missioncontrol.account.MemberDetailsService;
import io.missioncontrol.account.PersonalTokenService;
import io.missioncontrol.account.SignInThrottle;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpMethod;
import org.springframework.security.authentication.AuthenticationEventPublisher;
import org.springframework.security.authentication.AuthenticationManager;
import org.springframework.security.authentication.ProviderManager;
import org.springframework.security.authentication.dao.DaoAuthenticationProvider;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.core.context.SecurityContextHolderStrategy;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.AuthenticationEntryPointFailureHandler;
import org.springframework.security.web.authentication.AuthenticationFilter;
import org.springframework.security.web.authentication.www.BasicAuthenticationFilter;
import org.springframework.security.web.context.HttpSessionSecurityContextRepository;

/**
 * Sign-in for everything that is not a page: {@code /api/**}, {@code /actuator/**} and the API description. Stateless
 * (no session is read or made), no CSRF (no cookie authenticates here), {@code Authorization: Bearer <personal
 * token>}; 401 and 403 as problem details. Only {@code /actuator/health} answers anonymously; the rest of actuator is
 * for admins; reading the API is for every member, changing things for MEMBER and up (the services check again).
 * The pages have their own chain (account/ui/UiSecurityConfiguration), after this one.
 */
@Configuration
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
public class ApiSecurityConfiguration {

    /** The paths of this chain; everything else is the pages'. */
    public static final String[] PATHS = {"/api/**", "/actuator", "/actuator/**", "/error"};

    /** The API description and its Swagger UI page: read with a token, or from a signed-in browser session. */
    public static final String[] DOCS_PATHS = {"/v3/api-docs", "/v3/api-docs.yaml", "/v3/api-docs/**",
        "/swagger-ui.html", "/swagger-ui/**"};

    /** Password sign-in (the login page), throttled; publishes Spring Security's authentication events. */
    @Bean
    PasswordAuthentication passwordAuthentication(MemberDetailsService members, PasswordEncoder encoder,
                                                  SignInThrottle throttle, AuthenticationEventPublisher events) {
        DaoAuthenticationProvider dao = new DaoAuthenticationProvider(members);
        dao.setPasswordEncoder(encoder);
        ProviderManager manager = new ProviderManager(new ThrottledPasswordAuthenticationProvider(dao, throttle));
        manager.setAuthenticationEventPublisher(events);
        return new PasswordAuthentication(manager);
    }

    @Bean
    @Order(1)
    SecurityFilterChain apiFilterChain(HttpSecurity http, PersonalTokenService tokens,
                                       AuthenticationEventPublisher events,
                                       ObjectProvider<SecurityContextHolderStrategy> holder) throws Exception {
        ProblemResponses problems = new ProblemResponses();
        http.securityMatcher(PATHS)
                .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .csrf(csrf -> csrf.disable())
                .requestCache(cache -> cache.disable())
                .formLogin(form -> form.disable())
                .httpBasic(basic -> basic.disable())
                .logout(logout -> logout.disable())
                .addFilterBefore(bearerFilter(tokens, events, problems, holder.getIfAvailable(SecurityContextHolder::getContextHolderStrategy)), BasicAuthenticationFilter.class)
                .exceptionHandling(e -> e.authenticationEntryPoint(problems).accessDeniedHandler(problems))
                .authorizeHttpRequests(requests -> requests
                        .requestMatchers("/error").permitAll()
                        .requestMatchers("/actuator/health", "/actuator/health/**").permitAll()
                        .requestMatchers("/actuator", "/actuator/**").hasRole("ADMIN")
                        .requestMatchers("/api/audit", "/api/audit/**").hasRole("ADMIN")
                        // me, users and tokens: the services decide (self or admin)
                        .requestMatchers("/api/me", "/api/me/", "/api/users", "/api/users/**").authenticated()
                        .requestMatchers(HttpMethod.GET).authenticated()
                        .requestMatchers(HttpMethod.HEAD).authenticated()
                        .anyRequest().hasRole("MEMBER"));
        return http.build();
    }

    /**
     * The API description: GET only, with a bearer token or the session a signed-in browser has (no session is
     * made here, and nothing but reading is allowed, so a cookie here can change nothing).
     */
    @Bean
    @Order(2)
    SecurityFilterChain apiDocsFilterChain(HttpSecurity http, PersonalTokenService tokens,
                                           AuthenticationEventPublisher events,
                                           ObjectProvider<SecurityContextHolderStrategy> holder) throws Exception {
        ProblemResponses problems = new ProblemResponses();
        http.securityMatcher(DOCS_PATHS)
                .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.NEVER))
                .securityContext(c -> c.securityContextRepository(new HttpSessionSecurityContextRepository()))
                .csrf(csrf -> csrf.disable())
                .requestCache(cache -> cache.disable())
                .formLogin(form -> form.disable())
                .httpBasic(basic -> basic.disable())
                .logout(logout -> logout.disable())
                .addFilterBefore(bearerFilter(tokens, events, problems, holder.getIfAvailable(SecurityContextHolder::getContextHolderStrategy)), BasicAuthenticationFilter.class)
                .exceptionHandling(e -> e.authenticationEntryPoint(problems).accessDeniedHandler(problems))
                .authorizeHttpRequests(requests -> requests
                        .requestMatchers(HttpMethod.GET).authenticated()
                        .anyRequest().denyAll());
        return http.build();
    }

    /** Spring Security's AuthenticationFilter with the bearer-token converter; a bad token is a 401 at once. */
    private static AuthenticationFilter bearerFilter(PersonalTokenService tokens, AuthenticationEventPublisher events,
                                                     ProblemResponses problems, SecurityContextHolderStrategy holder) {
        ProviderManager manager = new ProviderManager(new PersonalTokenAuthenticationProvider(tokens));
        manager.setAuthenticationEventPublisher(events);
        AuthenticationFilter bearer = new AuthenticationFilter(manager, new BearerTokenConverter());
        bearer.setSuccessHandler((request, response, authentication) -> { }); // go on down the chain
        bearer.setFailureHandler(new AuthenticationEntryPointFailureHandler(problems));
        bearer.setSecurityContextHolderStrategy(holder); // the one the chain reads (Vaadin installs its own)
        return bearer;
    }

    /** The password sign-in's manager, kept out of the context's own AuthenticationManager lookup. */
    public record PasswordAuthentication(AuthenticationManager manager) {
    }
}
