package io.missioncontrol.account.ui;

import com.vaadin.flow.spring.security.VaadinSecurityConfigurer;
import io.missioncontrol.account.security.ApiSecurityConfiguration.PasswordAuthentication;
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
class UiSecurityConfiguration {

    @Bean
    @Order(10)
    SecurityFilterChain uiFilterChain(HttpSecurity http, PasswordAuthentication passwords) throws Exception {
        http.authenticationManager(passwords.manager());
        http.with(VaadinSecurityConfigurer.vaadin(), vaadin -> vaadin.loginView(LoginView.class));
        return http.build();
    }
}
