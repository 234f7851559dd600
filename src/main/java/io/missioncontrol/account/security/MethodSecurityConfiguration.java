package io.missioncontrol.account.security;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.config.annotation.method.configuration.EnableMethodSecurity;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.crypto.password.PasswordEncoder;

/**
 * What holds with or without a web server: the services' own role checks ({@code @PreAuthorize}) and Spring
 * Security's delegating password encoder (bcrypt now, older hashes still readable as the default moves on).
 */
@Configuration
@EnableMethodSecurity(jsr250Enabled = true)
class MethodSecurityConfiguration {

    @Bean
    PasswordEncoder passwordEncoder() {
        return PasswordEncoderFactories.createDelegatingPasswordEncoder();
    }
}
