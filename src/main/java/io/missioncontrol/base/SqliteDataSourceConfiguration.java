package io.missioncontrol.base;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.time.Duration;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Condition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.core.type.AnnotatedTypeMetadata;

/**
 * The data source when {@code spring.datasource.url} is a {@code jdbc:sqlite:} URL (any other database gets
 * Spring Boot's usual pool): a {@link SqliteDataSource} whose connections all get WAL, the busy timeout and
 * foreign keys as driver properties — whatever the URL says, so a bare {@code jdbc:sqlite:/some/file.db} is
 * configured like the default one. {@code spring.datasource.hikari.*} applies to both pools; the writer pool
 * always has exactly one connection.
 */
@Configuration(proxyBeanMethods = false)
@Conditional(SqliteDataSourceConfiguration.SqliteUrl.class)
public class SqliteDataSourceConfiguration {

    static final String URL_PREFIX = "jdbc:sqlite:";
    /** How long a connection waits for a lock another process holds on the file before SQLITE_BUSY. */
    public static final Duration BUSY_TIMEOUT = Duration.ofSeconds(10);

    @Bean
    SqliteDataSource dataSource(Environment environment) {
        String url = environment.getRequiredProperty("spring.datasource.url");
        // the writer first: it creates the file and switches it to WAL before any reader opens it
        HikariConfig writer = pool(environment, url, "sqlite-writer", "IMMEDIATE");
        writer.setMaximumPoolSize(1);
        writer.setMinimumIdle(1);
        HikariDataSource writerPool = new HikariDataSource(writer);
        HikariConfig readers = pool(environment, url, "sqlite-readers", "DEFERRED");
        readers.setConnectionInitSql("PRAGMA query_only = true");
        return new SqliteDataSource(writerPool, new HikariDataSource(readers));
    }

    private static HikariConfig pool(Environment environment, String url, String name, String transactionMode) {
        HikariConfig config = new HikariConfig();
        Binder.get(environment).bind("spring.datasource.hikari", Bindable.ofInstance(config));
        config.setPoolName(name);
        config.setJdbcUrl(url);
        config.setDriverClassName(org.sqlite.JDBC.class.getName());
        // sqlite-jdbc reads these per connection (query parameters in the URL still take precedence)
        config.addDataSourceProperty("journal_mode", "WAL");
        config.addDataSourceProperty("busy_timeout", String.valueOf(BUSY_TIMEOUT.toMillis()));
        config.addDataSourceProperty("foreign_keys", "true");
        config.addDataSourceProperty("transaction_mode", transactionMode);
        return config;
    }

    /** Matches when {@code spring.datasource.url} starts with {@code jdbc:sqlite:}. */
    static final class SqliteUrl implements Condition {
        @Override
        public boolean matches(ConditionContext context, AnnotatedTypeMetadata metadata) {
            String url = context.getEnvironment().getProperty("spring.datasource.url");
            return url != null && url.startsWith(URL_PREFIX);
        }
    }
}
