package io.llmgateway.gateway.litellm;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import io.llmgateway.gateway.support.mock.AnyProtocolProvider;
import io.llmgateway.gateway.support.mock.MockProvider;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The LiteLLM config file is reloaded while requests run: 20 reloads under concurrent traffic fail no request; a
 * reload that does not validate is refused with the reason and the previous models keep serving; the watcher picks
 * up a changed file by itself.
 */
class ConfigReloadUnderLoadTests {

	private static String config(String base, String pathPrefix, boolean twoDeployments) {
		String deployment = """
				  - model_name: gpt
				    litellm_params:
				      model: openai/gpt-4o
				      api_key: os.environ/OPENAI_API_KEY
				      api_base: %s/%s/v1
				""".formatted(base, pathPrefix);
		return "model_list:\n" + deployment + (twoDeployments ? deployment.replace("gpt-4o", "gpt-4o-second") : "");
	}

	@Test
	void twentyReloadsUnderConcurrentTrafficFailNoRequest() throws Exception {
		try (AnyProtocolProvider provider = new AnyProtocolProvider()) {
			Path file = Files.createTempFile("litellm-reload-", ".yaml");
			Files.writeString(file, config(provider.base(), "a", false));
			try (LiteLlmGateways.Gateway gw = LiteLlmGateways.start(file, Map.of("OPENAI_API_KEY", "sk-1",
					"llm.litellm.reload-interval", "0"))) {
				LiteLlmConfigFile config = gw.context().getBean(LiteLlmConfigFile.class);
				AtomicBoolean running = new AtomicBoolean(true);
				AtomicInteger ok = new AtomicInteger();
				List<String> failures = new java.util.concurrent.CopyOnWriteArrayList<>();
				List<CompletableFuture<Void>> clients = new ArrayList<>();
				for (int c = 0; c < 4; c++) {
					clients.add(CompletableFuture.runAsync(() -> {
						while (running.get()) {
							try {
								HttpResponse<String> r = gw.chat("gpt", null);
								if (r.statusCode() == 200) {
									ok.incrementAndGet();
								}
								else {
									failures.add(r.statusCode() + " " + r.body());
								}
							}
							catch (Exception ex) {
								failures.add(ex.toString());
							}
						}
					}));
				}
				for (int i = 1; i <= 20; i++) {
					Files.writeString(file, config(provider.base(), i % 2 == 0 ? "a" : "b", i % 3 == 0));
					assertThat(config.reload()).as("reload " + i).isNull();
					Thread.sleep(50);
				}
				running.set(false);
				CompletableFuture.allOf(clients.toArray(CompletableFuture[]::new)).join();
				assertThat(failures).isEmpty();
				assertThat(ok.get()).isGreaterThan(20);
				Set<String> paths = ConcurrentHashMap.newKeySet();
				MockProvider.Received r;
				while ((r = provider.poll(Duration.ofMillis(10))) != null) {
					paths.add(r.path().substring(0, 2) + (r.body().contains("gpt-4o-second") ? "+second" : ""));
				}
				assertThat(paths).contains("/a", "/b");
			}
		}
	}

	@Test
	void anInvalidReloadIsRefusedWithTheReasonAndAChangedFileIsPickedUpByItself() throws Exception {
		try (AnyProtocolProvider provider = new AnyProtocolProvider()) {
			Path file = Files.createTempFile("litellm-reload-", ".yaml");
			Files.writeString(file, config(provider.base(), "a", false));
			try (LiteLlmGateways.Gateway gw = LiteLlmGateways.start(file, Map.of("OPENAI_API_KEY", "sk-1",
					"llm.litellm.reload-interval", "100ms"))) {
				LiteLlmConfigFile config = gw.context().getBean(LiteLlmConfigFile.class);
				Files.writeString(file, config(provider.base(), "a", false).replace("OPENAI_API_KEY", "MISSING_KEY_77"));
				assertThat(config.reload()).contains("MISSING_KEY_77");
				Files.writeString(file, "model_list:\n  - model_name: broken\n    litellm_params:\n"
						+ "      model: azure/x\n      api_key: k\n");
				assertThat(config.reload()).contains("api-base is required");
				assertThat(gw.chat("gpt", null).statusCode()).isEqualTo(200);
				assertThat(provider.take().path()).startsWith("/a/v1");
				Files.writeString(file, config(provider.base(), "b", false).replace("model_name: gpt", "model_name: gpt-new"));
				long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
				int status = 0;
				while (System.nanoTime() < deadline && status != 200) {
					status = gw.chat("gpt-new", null).statusCode();
					Thread.sleep(50);
				}
				assertThat(status).isEqualTo(200);
				assertThat(provider.take().path()).startsWith("/b/v1");
				assertThat(gw.chat("gpt", null).statusCode()).isEqualTo(404);
				HttpResponse<String> models = LiteLlmGateways.HTTP.send(HttpRequest.newBuilder(URI.create(
						gw.url("/v1/models"))).build(), HttpResponse.BodyHandlers.ofString());
				assertThat(models.body()).contains("gpt-new").doesNotContain("\"gpt\"");
			}
		}
	}
}
