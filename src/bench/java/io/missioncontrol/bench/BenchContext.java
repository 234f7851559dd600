package io.missioncontrol.bench;

import io.missioncontrol.Application;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.springdoc.core.properties.SpringDocConfigProperties;
import org.springdoc.core.providers.ObjectMapperProvider;
import org.springframework.boot.Banner;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.support.GenericApplicationContext;

/**
 * The portal's Spring context without a web server, on its own data folder: the same services, repositories and
 * database settings as the jar. The Quartz schedule stays off, so only the benchmark polls.
 */
final class BenchContext {

    private BenchContext() {
    }

    /** @param extra further arguments (e.g. the profile and data source of another database) */
    static ConfigurableApplicationContext start(Path dataDir, Path clustersFile, String... extra) {
        List<String> args = new ArrayList<>(List.of(
                        // the jar's own configuration only (the test classpath's config/application.yml is for tests);
                        // a folder, so that a profile's application-<profile>.yml is read too
                        "--spring.config.location=classpath:/",
                        "--missioncontrol.data-dir=" + dataDir.toAbsolutePath(),
                        "--missioncontrol.clusters-file=" + clustersFile.toAbsolutePath(),
                        "--spring.quartz.auto-startup=false",
                        // no servlet container here, so none of Vaadin's web wiring (views are not benchmarked here)
                        "--spring.autoconfigure.exclude=com.vaadin.flow.spring.SpringBootAutoConfiguration,"
                                + "com.vaadin.flow.spring.SpringSecurityAutoConfiguration",
                        "--spring.jpa.properties.hibernate.session_factory.statement_inspector="
                                + SqlRecorder.class.getName(),
                        "--logging.level.root=WARN",
                        "--logging.level.io.missioncontrol=WARN"));
        args.addAll(List.of(extra));
        return new SpringApplicationBuilder(Application.class)
                .web(WebApplicationType.NONE)
                .bannerMode(Banner.Mode.OFF)
                .logStartupInfo(false)
                // springdoc sets up its mappers only in a web application; the API description's model resolver
                // (base/api/ApiDocsConfiguration) still asks for them
                .initializers(ctx -> ((GenericApplicationContext) ctx).registerBean(ObjectMapperProvider.class,
                        () -> new ObjectMapperProvider(new SpringDocConfigProperties())))
                .run(args.toArray(String[]::new));
    }
}
