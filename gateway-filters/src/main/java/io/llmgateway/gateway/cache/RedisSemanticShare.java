package io.llmgateway.gateway.cache;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.TimeUnit;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.redisson.api.RScript;
import org.redisson.api.RedissonClient;
import org.redisson.client.codec.ByteArrayCodec;
import org.redisson.client.protocol.ScoredEntry;
import reactor.core.publisher.Mono;

/**
 * Shares semantic entries through Redis: per scope, a sorted set {@code <prefix>sem:{<scope>}} of encoded entries
 * (id, answer id, times, vector) scored by a per-scope sequence number, both written by one script so that the
 * order readers see is the order of writes. Each instance remembers, per scope, the highest sequence it has loaded
 * and on a local miss reads only what came after it. The set keeps the newest {@code max-entries-per-scope} entries
 * and expires with its newest entry.
 */
final class RedisSemanticShare implements SemanticShare {

	private static final Log log = LogFactory.getLog(RedisSemanticShare.class);

	/**
	 * A new sequence (first entry, or after a flush or expiry) starts at Redis's clock in milliseconds rather than 1,
	 * so it starts above every sequence an instance may have loaded before: a restarted sequence is never mistaken for
	 * entries already seen.
	 */
	private static final String PUBLISH = """
			if redis.call('EXISTS', KEYS[2]) == 0 then
			  local now = redis.call('TIME')
			  redis.call('SET', KEYS[2], string.format('%d', now[1] * 1000 + math.floor(now[2] / 1000)))
			end
			local seq = redis.call('INCR', KEYS[2])
			redis.call('ZADD', KEYS[1], seq, ARGV[1])
			redis.call('ZREMRANGEBYRANK', KEYS[1], 0, -(tonumber(ARGV[2]) + 1))
			redis.call('PEXPIRE', KEYS[1], ARGV[3])
			redis.call('PEXPIRE', KEYS[2], ARGV[3])
			return seq""";

	/** 2: with the covered characters (version 1 entries, which lack them, are ignored). */
	private static final byte VERSION = 2;

	private static final Duration ADMIN_TIMEOUT = Duration.ofSeconds(10);

	private final RedissonClient redisson;

	private final String prefix;

	private final String globPrefix;

	private final Duration timeout;

	/** Scope → highest sequence loaded. */
	private final Cache<String, Double> loaded = Caffeine.newBuilder()
		.maximumSize(100_000)
		.expireAfterAccess(1, TimeUnit.DAYS)
		.build();

	RedisSemanticShare(RedissonClient redisson, CacheProperties.Redis settings) {
		this.redisson = redisson;
		this.prefix = settings.keyPrefix() + "sem:";
		this.globPrefix = RedisResponseCache.escapeGlob(prefix);
		this.timeout = settings.timeout();
	}

	private String key(String scope) {
		// the braces keep a scope's set and sequence in one Redis Cluster slot
		return prefix + "{" + scope + "}";
	}

	@Override
	public Mono<Void> publish(SemanticIndex.Entry entry, long maxPerScope) {
		String key = key(entry.scope());
		long ttlMillis = Math.max(1, entry.expiresAtMillis() - System.currentTimeMillis());
		byte[] value = encode(entry);
		return Mono.fromCompletionStage(() -> redisson.getScript(ByteArrayCodec.INSTANCE)
			.<Long>evalAsync(RScript.Mode.READ_WRITE, PUBLISH, RScript.ReturnType.INTEGER,
					List.of(key, key + ":seq"), value, ascii(maxPerScope), ascii(ttlMillis)))
			.timeout(timeout)
			.onErrorResume(ex -> {
				log.debug("Semantic entry not shared through Redis", ex);
				return Mono.empty();
			})
			.then();
	}

	@Override
	public Mono<List<SemanticIndex.Entry>> load(String scope) {
		Double after = loaded.getIfPresent(scope);
		double from = after == null ? Double.NEGATIVE_INFINITY : after;
		return Mono.fromCompletionStage(() -> redisson.<byte[]>getScoredSortedSet(key(scope), ByteArrayCodec.INSTANCE)
			.entryRangeAsync(from, false, Double.POSITIVE_INFINITY, true))
			.timeout(timeout)
			.map(found -> decodeAll(scope, found))
			.onErrorResume(ex -> {
				log.debug("Semantic entries not loaded from Redis", ex);
				return Mono.empty();
			});
	}

	@Override
	public Mono<Void> clearNamespace(String namespace) {
		String ns = globPrefix + "{" + RedisResponseCache.escapeGlob(namespace);
		// a scope's set and its sequence: exactly <namespace>:<context hash>, and the sub-namespaces
		return delete(ns + ":" + RedisResponseCache.HASH_GLOB + "}*").then(delete(ns + "/*"));
	}

	@Override
	public Mono<Void> clear() {
		return delete(globPrefix + "*");
	}

	private Mono<Void> delete(String pattern) {
		return Mono.fromCompletionStage(() -> redisson.getKeys().deleteByPatternAsync(pattern))
			.timeout(ADMIN_TIMEOUT)
			.onErrorResume(ex -> {
				log.warn("Semantic entries not deleted from Redis (" + pattern + "): " + ex);
				return Mono.empty();
			})
			.then();
	}

	private List<SemanticIndex.Entry> decodeAll(String scope, Collection<ScoredEntry<byte[]>> found) {
		List<SemanticIndex.Entry> out = new ArrayList<>(found.size());
		double max = Double.NEGATIVE_INFINITY;
		for (ScoredEntry<byte[]> e : found) {
			max = Math.max(max, e.getScore());
			SemanticIndex.Entry entry = decode(scope, e.getValue());
			if (entry != null) {
				out.add(entry);
			}
		}
		if (max > Double.NEGATIVE_INFINITY) {
			double seen = max;
			loaded.asMap().merge(scope, seen, Math::max);
		}
		return out;
	}

	static byte[] encode(SemanticIndex.Entry e) {
		ByteArrayOutputStream bytes = new ByteArrayOutputStream(64 + e.vector().length * 4);
		try (DataOutputStream out = new DataOutputStream(bytes)) {
			out.writeByte(VERSION);
			out.writeUTF(e.id());
			out.writeUTF(e.answerId());
			out.writeUTF(e.text());
			out.writeInt(e.coveredChars());
			out.writeLong(e.storedAtMillis());
			out.writeLong(e.expiresAtMillis());
			out.writeShort(e.vector().length);
			for (float f : e.vector()) {
				out.writeFloat(f);
			}
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
		return bytes.toByteArray();
	}

	/** Null for an entry of another version or a corrupt one. */
	static SemanticIndex.Entry decode(String scope, byte[] value) {
		try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(value))) {
			if (in.readByte() != VERSION) {
				return null;
			}
			String id = in.readUTF();
			String answerId = in.readUTF();
			String text = in.readUTF();
			int covered = in.readInt();
			long storedAt = in.readLong();
			long expiresAt = in.readLong();
			float[] vector = new float[in.readUnsignedShort()];
			for (int i = 0; i < vector.length; i++) {
				vector[i] = in.readFloat();
			}
			return new SemanticIndex.Entry(id, scope, answerId, text, covered, vector, storedAt, expiresAt);
		}
		catch (IOException | RuntimeException ex) {
			return null;
		}
	}

	private static byte[] ascii(long n) {
		return Long.toString(n).getBytes(StandardCharsets.US_ASCII);
	}
}
