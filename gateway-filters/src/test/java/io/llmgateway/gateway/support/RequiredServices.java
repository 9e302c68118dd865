package io.llmgateway.gateway.support;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.platform.commons.support.AnnotationSupport;

/**
 * Skips tests annotated {@link RequiresRedis} or {@link RequiresPostgres} when that server is not listening, so the
 * suite runs on a laptop without them; each server is probed once per JVM (a TCP connect to 127.0.0.1). With
 * {@code LLM_TESTS_REQUIRE_SERVICES=true} (environment variable or system property {@code llm.tests.require-services})
 * an absent server fails the test instead, so a CI machine that should have both never silently skips them.
 */
public final class RequiredServices implements ExecutionCondition {

	public static final String REQUIRE_ENV = "LLM_TESTS_REQUIRE_SERVICES";

	public static final String REQUIRE_PROPERTY = "llm.tests.require-services";

	static final String HOST = "127.0.0.1";

	static final int REDIS_PORT = 6379;

	private static final int PROBE_TIMEOUT_MILLIS = 500;

	private static final Map<Integer, Boolean> LISTENING = new ConcurrentHashMap<>();

	@Override
	public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
		if (AnnotationSupport.isAnnotated(context.getElement(), RequiresRedis.class)) {
			ConditionEvaluationResult redis = check("Redis", REDIS_PORT);
			if (redis.isDisabled()) {
				return redis;
			}
		}
		if (AnnotationSupport.isAnnotated(context.getElement(), RequiresPostgres.class)) {
			return check("PostgreSQL", PostgresSchema.PORT);
		}
		return ConditionEvaluationResult.enabled("no external server required");
	}

	static ConditionEvaluationResult check(String server, int port) {
		if (listening(port)) {
			return ConditionEvaluationResult.enabled(server + " is listening on " + HOST + ":" + port);
		}
		String message = server + " is not listening on " + HOST + ":" + port;
		if (required()) {
			throw new IllegalStateException(message + ", and " + REQUIRE_ENV + "=true requires it: start " + server
					+ " or unset " + REQUIRE_ENV);
		}
		return ConditionEvaluationResult.disabled(
				message + ": test skipped (set " + REQUIRE_ENV + "=true to make this a failure, as CI does)");
	}

	static boolean required() {
		String value = System.getProperty(REQUIRE_PROPERTY, System.getenv(REQUIRE_ENV));
		return value != null && value.trim().toLowerCase(Locale.ROOT).equals("true");
	}

	static boolean listening(int port) {
		return LISTENING.computeIfAbsent(port, p -> {
			try (Socket socket = new Socket()) {
				socket.connect(new InetSocketAddress(HOST, p), PROBE_TIMEOUT_MILLIS);
				return true;
			}
			catch (IOException ex) {
				return false;
			}
		});
	}
}
