package io.llmgateway.gateway.cache;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import io.llmgateway.translate.model.ChatRequest;
import io.llmgateway.translate.model.ContentPart;
import io.llmgateway.translate.model.Message;
import io.llmgateway.translate.model.Role;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

class SemanticStageTests {

	static final RequestFingerprint fingerprint = new RequestFingerprint(JsonMapper.builder().build(), Map.of());

	static CacheProperties.Semantic settings(int workers, int queue) {
		return new CacheProperties.Semantic(true, null, null, null, null, null, workers, queue, null, null);
	}

	/** An embedder that holds its worker until {@code release} opens. */
	static Embedder blocking(CountDownLatch started, CountDownLatch release) {
		return new Embedder() {
			@Override
			public float[] embed(String text) {
				started.countDown();
				try {
					release.await(30, TimeUnit.SECONDS);
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
				}
				return new float[] { 1, 0 };
			}

			@Override
			public String name() {
				return "blocking";
			}
		};
	}

	static ChatRequest ask(String text) {
		ChatRequest r = new ChatRequest().model("gpt-4o").temperature(0.0);
		r.messages().add(Message.text(Role.USER, text));
		return r;
	}

	@Test
	void whenTheWorkersAreBusyTheRequestSkipsTheStageInsteadOfWaiting() throws Exception {
		CountDownLatch started = new CountDownLatch(1);
		CountDownLatch release = new CountDownLatch(1);
		Embedder blocking = blocking(started, release);
		SemanticStage stage = new SemanticStage(settings(1, 0), blocking, SemanticShare.NONE,
				new CaffeineResponseCache(1 << 20), fingerprint);
		try {
			SemanticQuery query = stage.query(ask("first"), "gpt-4o", "anon");
			var busy = stage.embed(query).toFuture();
			assertThat(started.await(10, TimeUnit.SECONDS)).isTrue();

			// the only worker is busy and there is no queue: an empty answer at once, not a wait
			assertThat(stage.embed(stage.query(ask("second"), "gpt-4o", "anon")).hasElement().block())
				.isFalse();

			release.countDown();
			assertThat(busy.get(10, TimeUnit.SECONDS).vector()).containsExactly(1, 0);
		}
		finally {
			release.countDown();
			stage.destroy();
		}
	}

	@Test
	void anEmbeddingSlowerThanTheTimeoutMakesTheRequestSkipTheStage() throws Exception {
		CountDownLatch started = new CountDownLatch(1);
		CountDownLatch release = new CountDownLatch(1);
		CacheProperties.Semantic s = new CacheProperties.Semantic(true, null, null, null, null, null, 1, 1, null,
				java.time.Duration.ofMillis(50));
		SemanticStage stage = new SemanticStage(s, blocking(started, release), SemanticShare.NONE,
				new CaffeineResponseCache(1 << 20), fingerprint);
		try {
			// the embedder never answers by itself: only the timeout can end the wait
			assertThat(stage.embed(stage.query(ask("slow"), "gpt-4o", "anon")).hasElement().block(
					java.time.Duration.ofSeconds(20))).isFalse();
			assertThat(started.getCount()).isZero();
		}
		finally {
			release.countDown();
			stage.destroy();
		}
	}

	@Test
	void flushingANamespaceForgetsItsEntriesAndItsSubNamespacesOnly() {
		List<String> cleared = new java.util.concurrent.CopyOnWriteArrayList<>();
		SemanticShare share = new SemanticShare() {
			@Override
			public reactor.core.publisher.Mono<Void> publish(SemanticIndex.Entry entry, long maxPerScope) {
				return reactor.core.publisher.Mono.empty();
			}

			@Override
			public reactor.core.publisher.Mono<List<SemanticIndex.Entry>> load(String scope) {
				return reactor.core.publisher.Mono.empty();
			}

			@Override
			public reactor.core.publisher.Mono<Void> clearNamespace(String namespace) {
				return reactor.core.publisher.Mono.fromRunnable(() -> cleared.add(namespace));
			}

			@Override
			public reactor.core.publisher.Mono<Void> clear() {
				return reactor.core.publisher.Mono.fromRunnable(() -> cleared.add("*"));
			}
		};
		SemanticStage stage = new SemanticStage(settings(1, 1), (Embedder) null, share,
				new CaffeineResponseCache(1 << 20), fingerprint);
		try {
			String hash = "0".repeat(64);
			for (String scope : List.of("key:a:" + hash, "key:a/run-1:" + hash, "key:ab:" + hash,
					"key:b:" + hash)) {
				String namespace = scope.substring(0, scope.length() - hash.length() - 1);
				stage.add(new SemanticQuery(scope, "q"), new Embedder.Embedding(new float[] { 1, 0 }, 1), new CacheKey(namespace, "1".repeat(64)),
						java.time.Duration.ofMinutes(1));
			}
			assertThat(stage.indexedEntries()).isEqualTo(4);

			assertThat(stage.clearNamespace("key:a").block()).isEqualTo(2);
			assertThat(stage.indexedEntries()).isEqualTo(2);
			assertThat(stage.clear().block()).isEqualTo(2);
			assertThat(stage.indexedEntries()).isZero();
			assertThat(cleared).containsExactly("key:a", "*");
		}
		finally {
			stage.destroy();
		}
	}

	@Test
	void bypassRulesAndScope() {
		CacheProperties.Semantic s = settings(1, 1);
		assertThat(SemanticQuery.of(ask("What is the capital of France?"), "gpt-4o", "key:a", fingerprint, s).text())
			.isEqualTo("What is the capital of France?");
		assertThat(SemanticQuery.of(ask("q").temperature(1.5), "gpt-4o", "key:a", fingerprint, s)).isNull();
		assertThat(SemanticQuery.of(ask("q").temperature(null), "gpt-4o", "key:a", fingerprint, s)).isNotNull();
		assertThat(SemanticQuery.of(ask("q").n(2), "gpt-4o", "key:a", fingerprint, s)).isNull();
		ChatRequest image = ask("q");
		image.messages().add(new Message(Role.USER, List.of(new ContentPart.Text("and this?"),
				new ContentPart.Image("image/png", null, "https://x.test/a.png", null)), null));
		assertThat(SemanticQuery.of(image, "gpt-4o", "key:a", fingerprint, s)).isNull();
		ChatRequest toolResult = ask("q");
		toolResult.messages().add(new Message(Role.TOOL,
				List.of(new ContentPart.ToolResult("call_1", "f", List.of(new ContentPart.Text("42")), false)), null));
		assertThat(SemanticQuery.of(toolResult, "gpt-4o", "key:a", fingerprint, s)).isNull();

		String scope = SemanticQuery.of(ask("q"), "gpt-4o", "key:a", fingerprint, s).scope();
		assertThat(SemanticQuery.of(ask("other words"), "gpt-4o", "key:a", fingerprint, s).scope()).isEqualTo(scope);
		assertThat(SemanticQuery.of(ask("q"), "gpt-4o", "key:b", fingerprint, s).scope()).isNotEqualTo(scope);
		assertThat(SemanticQuery.of(ask("q"), "gpt-4o-mini", "key:a", fingerprint, s).scope()).isNotEqualTo(scope);
		assertThat(SemanticQuery.of(ask("q").maxTokens(5), "gpt-4o", "key:a", fingerprint, s).scope())
			.isNotEqualTo(scope);
		SemanticQuery query = SemanticQuery.of(ask("q"), "gpt-4o", "key:a", fingerprint, s);
		assertThat(query.forModel("model-a").scope()).isNotEqualTo(query.forModel("model-b").scope())
			.isEqualTo(query.forModel("model-a").scope())
			.matches("key:a:[0-9a-f]{64}");
		assertThat(ResponseCache.inNamespace(query.forModel("model-a").scope(), "key:a")).isTrue();
		ChatRequest system = ask("q");
		system.system().add(new ContentPart.Text("Answer in French."));
		assertThat(SemanticQuery.of(system, "gpt-4o", "key:a", fingerprint, s).scope()).isNotEqualTo(scope);
	}
}
