package io.llmgateway.gateway.cache;

import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import java.util.UUID;

import io.llmgateway.gateway.support.RequiresRedis;
import io.llmgateway.translate.model.ChatResponse;
import io.llmgateway.translate.model.ContentPart;
import io.llmgateway.translate.model.StopReason;
import io.llmgateway.translate.model.Usage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.redisson.Redisson;
import org.redisson.api.RedissonClient;
import org.redisson.client.codec.ByteArrayCodec;
import org.redisson.config.Config;
import org.springframework.util.unit.DataSize;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/** Against the machine's real Redis (127.0.0.1:6379), each test under its own key prefix. */
@RequiresRedis
class RedisResponseCacheTests {

	private static RedissonClient redisson;

	private final CachedAnswerCodec codec = new CachedAnswerCodec(JsonMapper.builder().build());

	private final String prefix = "test:cache:" + UUID.randomUUID() + ":";

	private final RedisResponseCache cache = new RedisResponseCache(redisson, codec,
			new CacheProperties.Redis(prefix, Duration.ofSeconds(2), null, DataSize.ofBytes(100)));

	private static final String H1 = "1".repeat(64);

	private static final String H2 = "2".repeat(64);

	@BeforeAll
	static void connect() {
		redisson = client(6379);
	}

	@AfterAll
	static void disconnect() {
		redisson.shutdown();
	}

	@AfterEach
	void cleanUp() {
		redisson.getKeys().deleteByPattern(prefix + "*");
	}

	static RedissonClient client(int port) {
		Config config = new Config();
		config.useSingleServer()
			.setAddress("redis://127.0.0.1:" + port)
			.setTimeout(500)
			.setConnectTimeout(500)
			.setRetryAttempts(0);
		config.setLazyInitialization(true);
		return Redisson.create(config);
	}

	private void put(String id, String text, Duration ttl) {
		ChatResponse r = new ChatResponse("id", "m", List.of(new ContentPart.Text(text)), StopReason.END_TURN,
				new Usage(1, 2, 0, 0, 0), 7);
		byte[] json = codec.toJson(r, System.currentTimeMillis());
		cache.put(id, new CachedAnswer(r, System.currentTimeMillis(), json.length), json, ttl).block();
	}

	@Test
	void storesCompressedWithTtlAndReadsBack() {
		String longText = "The capital of France is Paris. ".repeat(100);
		put("key:k1:" + H1, longText, Duration.ofMinutes(5));

		CachedAnswer answer = cache.get("key:k1:" + H1).block();
		byte[] raw = redisson.<byte[]>getBucket(prefix + "key:k1:" + H1, ByteArrayCodec.INSTANCE).get();
		long ttlMillis = redisson.getBucket(prefix + "key:k1:" + H1).remainTimeToLive();

		assertThat(answer.response().content()).containsExactly(new ContentPart.Text(longText));
		assertThat(raw[0]).isEqualTo((byte) 1);
		assertThat(raw.length).isLessThan(longText.length() / 5);
		assertThat(ttlMillis).isBetween(1L, Duration.ofMinutes(5).toMillis());
		assertThat(cache.get("key:k1:" + H2).blockOptional()).isEmpty();
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
		assertThat(cache.ping().block()).containsEntry("status", "healthy");
	}

	@Test
	void aRedisOutageReadsAsMissesWithoutErrors() throws Exception {
		int closedPort;
		try (ServerSocket socket = new ServerSocket(0)) {
			closedPort = socket.getLocalPort();
		}
		RedissonClient down = client(closedPort);
		try {
			RedisResponseCache unreachable = new RedisResponseCache(down, codec,
					new CacheProperties.Redis(prefix, Duration.ofMillis(300), Duration.ofSeconds(30), null));
			ChatResponse r = new ChatResponse("id", "m", List.of(new ContentPart.Text("x")), StopReason.END_TURN, null,
					0);
			byte[] json = codec.toJson(r, 0);

			assertThat(unreachable.get("anon:" + H1).blockOptional(Duration.ofSeconds(5))).isEmpty();
			unreachable.put("anon:" + H1, new CachedAnswer(r, 0, json.length), json, Duration.ofMinutes(1))
				.block(Duration.ofSeconds(5));
			// marked down: the next lookups answer at once instead of waiting for another timeout
			assertThat(unreachable.skipping()).isTrue();
			assertThat(unreachable.get("anon:" + H1).blockOptional(Duration.ofSeconds(5))).isEmpty();
			assertThat(unreachable.ping().block(Duration.ofSeconds(5))).containsEntry("status", "unhealthy");
		}
		finally {
			down.shutdown();
		}
	}
}
