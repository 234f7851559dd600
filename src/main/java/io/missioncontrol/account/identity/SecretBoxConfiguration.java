package io.missioncontrol.account.identity;

import io.missioncontrol.base.MissionControlProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

/** The portal's {@link SecretBox}: master key from {@code MISSIONCONTROL_MASTER_KEY} or {@code <data-dir>/master.key}. */
@Configuration(proxyBeanMethods = false)
class SecretBoxConfiguration {

    static final String KEY_FILE = "master.key";

    @Bean
    SecretBox secretBox(Environment environment, MissionControlProperties properties) {
        return SecretBox.open(environment.getProperty(SecretBox.MASTER_KEY_ENV),
                properties.dataDir().resolve(KEY_FILE));
    }
}
