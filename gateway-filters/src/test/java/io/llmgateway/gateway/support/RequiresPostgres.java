package io.llmgateway.gateway.support;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The test needs the machine's PostgreSQL ({@code 127.0.0.1:5432}): skipped with a message when it is not listening, a
 * failure instead when {@code LLM_TESTS_REQUIRE_SERVICES=true} (CI), see {@link RequiredServices}.
 */
@Target({ ElementType.TYPE, ElementType.METHOD })
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@ExtendWith(RequiredServices.class)
public @interface RequiresPostgres {

}
