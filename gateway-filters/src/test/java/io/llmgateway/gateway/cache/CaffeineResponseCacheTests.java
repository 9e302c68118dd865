package io.llmgateway.gateway.cache;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import io.llmgateway.translate.model.ChatResponse;
import io.llmgateway.translate.model.ContentPart;
import io.llmgateway.translate.model.StopReason;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class CaffeineResponseCacheTests {

	private final AtomicLong nanos = new AtomicLong();

	private final CaffeineResponseCache cache = new CaffeineResponseCache(100_000, nanos::get, Runnable::run);

	private static final String H1 = "a".repeat(64);

	private static final String H2 = "b".repeat(64);

	private static CachedAnswer answer(String text) {
		return new CachedAnswer(new ChatResponse("id", "m", List.of(new ContentPart.Text(text)), StopReason.END_TURN,
				null, 0), 0, text.length() + 50);
	}

	private void put(String id, String text, Duration ttl) {
		cache.put(id, answer(text), new byte[0], ttl).block();
	}

	@Test
	void entriesExpireAfterTheirOwnTtl() {
		put("key:k1:" + H1, "short", Duration.ofSeconds(10));
		put("key:k1:" + H2, "long", Duration.ofMinutes(10));

		nanos.addAndGet(Duration.ofSeconds(11).toNanos());

		assertThat(cache.get("key:k1:" + H1).blockOptional()).isEmpty();
		assertThat(cache.get("key:k1:" + H2).block().response().content()).containsExactly(new ContentPart.Text("long"));
	}

	@Test
	void totalSizeIsBoundedInBytes() {
		for (int i = 0; i < 100; i++) {
			put("shared:" + String.format("%064d", i), "x".repeat(5_000), Duration.ofMinutes(1));
		}
		cache.cleanUp();

		assertThat((Long) cache.ping().block().get("entries")).isLessThanOrEqualTo(100_000 / 5_000);
	}

	@Test
	void evictsByIdByHashByNamespaceAndAll() {
		put("key:k1:" + H1, "a", Duration.ofMinutes(1));
		put("key:k2:" + H1, "b", Duration.ofMinutes(1));
		put("key:k1:" + H2, "c", Duration.ofMinutes(1));
		put("key:k1/sub:" + H2, "d", Duration.ofMinutes(1));
		put("key:k10:" + H2, "e", Duration.ofMinutes(1));
		put("shared:" + H2, "f", Duration.ofMinutes(1));
		put("shared:evals:" + H2, "g", Duration.ofMinutes(1));

		assertThat(cache.evict(List.of("key:k1:" + H2)).block()).isEqualTo(1);
		assertThat(cache.evict(List.of(H1)).block()).isEqualTo(2);
		assertThat(cache.evictNamespace("key:k1").block()).isEqualTo(1);
		assertThat(cache.get("key:k10:" + H2).blockOptional()).isPresent();
		assertThat(cache.evictNamespace("shared").block()).isEqualTo(1);
		assertThat(cache.get("shared:evals:" + H2).blockOptional()).isPresent();
		assertThat(cache.clear().block()).isEqualTo(2);
		assertThat(cache.get("key:k10:" + H2).blockOptional()).isEmpty();
	}
}
