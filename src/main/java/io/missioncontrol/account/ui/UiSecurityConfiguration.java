package io.missioncontrol.account.ui;

import com.vaadin.flow.spring.security.RequestUtil;
import com.vaadin.flow.spring.security.VaadinSecurityConfigurer;
import io.missioncontrol.account.security.ApiSecurityConfiguration.PasswordAuthentication;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.web.SecurityFilterChain;

/**
 * Sign-in for the pages: Vaadin's {@link VaadinSecurityConfigurer} (form login on {@link LoginView}, sessions, CSRF,
 * sign-out, and the {@code @PermitAll}/{@code @RolesAllowed}/{@code @AnonymousAllowed} of every route checked on
 * navigation). It takes every request the API chains (account/security) leave, so it comes after them. Here, not in
 * account/security, because it is Vaadin's.
 */
@Configuration
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
class UiSecurityConfiguration {

    @Bean
    @Order(10)
    SecurityFilterChain uiFilterChain(HttpSecurity http, PasswordAuthentication passwords, RequestUtil vaadinRequests)
            throws Exception {
        http.authenticationManager(passwords.manager());
        // Vaadin's own requests (UIDL, heartbeat, push) carry Vaadin's CSRF token; everything else, the sign-in post
        // included (Vaadin leaves that one out: a forged sign-in would sign a victim into another account), needs
        // Spring Security's, which the LoginForm sends from the page's _csrf meta tags
        http.csrf(csrf -> csrf.ignoringRequestMatchers(vaadinRequests::isFrameworkInternalRequest));
        http.with(VaadinSecurityConfigurer.vaadin(), vaadin -> vaadin.loginView(LoginView.class)
                .enableCsrfConfiguration(false));
        return http.build();
    }
}
