package io.llmgateway.gateway.redis;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

import org.redisson.api.RScript;
import org.redisson.api.RedissonClient;
import org.redisson.client.codec.StringCodec;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * Runs the gateway's Lua scripts through the shared Redisson client: {@code EVALSHA} first, {@code EVAL} once after a
 * Redis restart forgot the script, every argument sent as a string. One instance per capability, because it also
 * remembers whether Redis has answered yet (see {@link #eval}).
 */
public final class LuaScripts {

	private final RScript script;

	private volatile boolean connected;

	public LuaScripts(RedissonClient redisson) {
		this.script = redisson.getScript(StringCodec.INSTANCE);
	}

	/** A script's source and SHA-1, loaded from a resource next to {@code owner}. */
	public record Script(String source, String sha) {

		public static Script load(Class<?> owner, String resource) {
			try (InputStream in = owner.getResourceAsStream(resource)) {
				if (in == null) {
					throw new IllegalStateException("Missing Lua script " + resource + " next to " + owner.getName());
				}
				String source = new String(in.readAllBytes(), StandardCharsets.UTF_8);
				return new Script(source, sha1(source));
			}
			catch (IOException ex) {
				throw new UncheckedIOException(ex);
			}
		}

		private static String sha1(String source) {
			try {
				return HexFormat.of()
					.formatHex(MessageDigest.getInstance("SHA-1").digest(source.getBytes(StandardCharsets.UTF_8)));
			}
			catch (NoSuchAlgorithmException ex) {
				throw new IllegalStateException(ex);
			}
		}
	}

	/**
	 * Evaluates {@code s}. Redisson's lazy initialisation connects synchronously inside the first call (and again on
	 * every call while Redis is unreachable): until one call succeeded, calls run off the caller's (event-loop)
	 * thread, so the caller's timeout holds and the event loop never blocks. Timeouts are the caller's.
	 */
	public <R> Mono<R> eval(Script s, RScript.Mode mode, RScript.ReturnType type, List<Object> keys, List<?> args) {
		Object[] values = new Object[args.size()];
		for (int i = 0; i < values.length; i++) {
			values[i] = String.valueOf(args.get(i));
		}
		Mono<R> call = Mono.<R>fromCompletionStage(() -> script.<R>evalShaAsync(mode, s.sha(), type, keys, values))
			.onErrorResume(LuaScripts::isNoScript,
					ex -> Mono.fromCompletionStage(() -> script.<R>evalAsync(mode, s.source(), type, keys, values)))
			.doOnSuccess(r -> connected = true)
			.doOnError(ex -> connected = false);
		return connected ? call : call.subscribeOn(Schedulers.boundedElastic());
	}

	private static boolean isNoScript(Throwable ex) {
		for (Throwable t = ex; t != null; t = t.getCause()) {
			if (t.getMessage() != null && t.getMessage().contains("NOSCRIPT")) {
				return true;
			}
		}
		return false;
	}

	/** A Redis integer reply (Redisson may hand it over as a number or as a string). */
	public static long toLong(Object o) {
		if (o instanceof Number n) {
			return n.longValue();
		}
		return Long.parseLong(String.valueOf(o));
	}
}
