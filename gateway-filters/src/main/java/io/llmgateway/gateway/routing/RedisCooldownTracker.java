package io.llmgateway.gateway.routing;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.redisson.api.RTopic;
import org.redisson.api.RedissonClient;
import org.redisson.client.codec.StringCodec;
import org.springframework.beans.factory.DisposableBean;

/**
 * A {@link CooldownTracker} shared by several gateway instances: each instance counts failures locally, and when a
 * deployment starts cooling down the instance announces it on a Redis topic (and a key with the cooldown's TTL for
 * instances that start later), so every instance skips it at once. Lookups on the request path stay local: no Redis
 * round trip per request. When Redis is unreachable, cooldowns degrade to per-instance.
 */
public class RedisCooldownTracker extends LocalCooldownTracker implements DisposableBean {

	private static final Log log = LogFactory.getLog(RedisCooldownTracker.class);

	private final RedissonClient redis;

	private final String prefix;

	private final RTopic topic;

	private final int listenerId;

	public RedisCooldownTracker(int allowedFails, Duration window, Duration cooldown, RedissonClient redis,
			String prefix) {
		super(allowedFails, window, cooldown);
		this.redis = redis;
		this.prefix = prefix;
		this.topic = redis.getTopic(prefix + "cooldowns", StringCodec.INSTANCE);
		int id = -1;
		try {
			id = topic.addListener(String.class, (channel, message) -> onAnnouncement(message));
		}
		catch (RuntimeException ex) {
			log.warn("Cannot subscribe to shared cooldowns on Redis; cooldowns stay per instance: " + ex.getMessage());
		}
		this.listenerId = id;
	}

	@Override
	public boolean recordFailure(String deploymentId, FailureClass failure, Long retryAfterSeconds) {
		boolean started = super.recordFailure(deploymentId, failure, retryAfterSeconds);
		if (started) {
			long millis = remainingMillis(deploymentId);
			String message = deploymentId + "|" + millis;
			redis.getBucket(prefix + "cooldown:" + deploymentId, StringCodec.INSTANCE)
				.setAsync(Long.toString(System.currentTimeMillis() + millis), millis, TimeUnit.MILLISECONDS)
				.exceptionally(ex -> null);
			topic.publishAsync(message).exceptionally(ex -> {
				log.debug("Could not announce cooldown of " + deploymentId + ": " + ex.getMessage());
				return 0L;
			});
		}
		return started;
	}

	/** Loads cooldowns announced before this instance started; called once at start-up, off the request path. */
	public void loadExisting(Iterable<String> deploymentIds) {
		for (String id : deploymentIds) {
			try {
				Object until = redis.getBucket(prefix + "cooldown:" + id, StringCodec.INSTANCE).get();
				if (until != null) {
					long millis = Long.parseLong(until.toString()) - System.currentTimeMillis();
					if (millis > 0) {
						coolFor(id, millis);
					}
				}
			}
			catch (RuntimeException ex) {
				log.debug("Could not read shared cooldown of " + id + ": " + ex.getMessage());
				return;
			}
		}
	}

	private void onAnnouncement(String message) {
		int bar = message.lastIndexOf('|');
		if (bar > 0) {
			try {
				coolFor(message.substring(0, bar), Long.parseLong(message.substring(bar + 1)));
			}
			catch (NumberFormatException ex) {
				log.debug("Ignoring malformed cooldown announcement");
			}
		}
	}

	@Override
	public void destroy() {
		if (listenerId >= 0) {
			try {
				topic.removeListener(listenerId);
			}
			catch (RuntimeException ex) {
				log.debug("Could not unsubscribe from shared cooldowns: " + ex.getMessage());
			}
		}
	}
}
