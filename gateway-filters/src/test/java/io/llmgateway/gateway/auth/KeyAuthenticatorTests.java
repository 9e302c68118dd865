package io.llmgateway.gateway.auth;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import com.github.benmanes.caffeine.cache.Ticker;
import io.llmgateway.gateway.core.Identity;
import io.llmgateway.gateway.store.LlmDatabase;
import io.llmgateway.translate.model.LlmException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The in-memory key cache on H2: hot path without the database, stale-on-error, 401 vs 503. */
class KeyAuthenticatorTests {

	static final Duration TTL = Duration.ofSeconds(30);

	static final Duration MAX_STALE = Duration.ofMinutes(10);

	final AtomicLong nanos = new AtomicLong(1);

	final Ticker ticker = nanos::get;

	TestDatabases.Switchable ds;

	KeyStore store;

	KeyAuthenticator auth;

	@BeforeEach
	void setUp() {
		ds = TestDatabases.h2();
		LlmDatabase db = TestDatabases.directDatabase(ds);
		store = new KeyStore(db.jdbc(), JsonMapper.builder().build());
		LlmKeysProperties props = new LlmKeysProperties(true, "sk-master", null, TTL, MAX_STALE, 1000,
				Map.of("gpt", List.of("gpt-4o", "gpt-4o-mini")), true);
		auth = new KeyAuthenticator(db, store, new IdentityFactory(new AllowedModels(props.accessGroups())), props,
				ticker, Clock.systemUTC(), Runnable::run);
	}

	String insertKey(String teamId, OffsetDateTime expires, boolean blocked) {
		String key = VirtualKeys.generate("sk-");
		OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
		store.insertKey(new KeyRecord(VirtualKeys.hash(key), VirtualKeys.mask(key, "sk-"), null,
				new Quota(List.of("gpt", "claude"), new BigDecimal("10"), null, "30d", 1000L, 10L, 2,
						Map.of("gpt-4o", 500L), Map.of()),
				teamId, "alice", expires, Map.of("env", "test"), blocked, now, now));
		return key;
	}

	void advance(Duration d) {
		nanos.addAndGet(d.toNanos());
	}

	static LlmException error(Runnable r) {
		try {
			r.run();
		}
		catch (LlmException ex) {
			return ex;
		}
		throw new AssertionError("expected an LlmException");
	}

	static <T> T eventually(java.util.function.Supplier<T> call) {
		long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
		while (true) {
			try {
				return call.get();
			}
			catch (LlmException ex) {
				if (System.nanoTime() > deadline) {
					throw ex;
				}
				Thread.onSpinWait();
			}
		}
	}

	@Test
	void buildsTheIdentityWithKeyAndTeamQuotasSeparately() {
		OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
		store.insertTeam(new TeamRecord("eng", "Engineering",
				new Quota(List.of("gpt-4o", "claude"), new BigDecimal("100"), new BigDecimal("80"), "1mo", 5000L, 50L,
						null, null, null),
				Map.of("cost_center", "42"), false, now, now));
		String key = insertKey("eng", null, false);

		Identity id = auth.authenticate(key).block();

		assertThat(id.keyId()).isEqualTo(VirtualKeys.hash(key));
		assertThat(id.userId()).isEqualTo("alice");
		assertThat(id.teamId()).isEqualTo("eng");
		// key: access group "gpt" expands to two aliases, plus claude; team allows gpt-4o and claude
		assertThat(id.allowedModels()).containsExactlyInAnyOrder("gpt-4o", "claude");
		assertThat(id.limits().tpm()).isEqualTo(1000L);
		assertThat(id.limits().rpm()).isEqualTo(10L);
		assertThat(id.limits().maxParallel()).isEqualTo(2);
		assertThat(id.limits().modelTpm()).containsEntry("gpt-4o", 500L);
		assertThat(id.budget().maxBudget()).isEqualByComparingTo("10");
		assertThat(id.budget().period()).isEqualTo("30d");
		assertThat(id.teamLimits().tpm()).isEqualTo(5000L);
		assertThat(id.teamBudget().maxBudget()).isEqualByComparingTo("100");
		assertThat(id.teamBudget().softBudget()).isEqualByComparingTo("80");
		assertThat(id.teamBudget().period()).isEqualTo("1mo");
		assertThat(id.metadata()).containsEntry("env", "test").containsEntry("cost_center", "42");
		assertThat(id.admin()).isFalse();
	}

	@Test
	void unknownExpiredAndBlockedKeysAre401() {
		LlmException unknown = error(() -> auth.authenticate("sk-nope").block());
		assertThat(unknown.error().status()).isEqualTo(401);
		assertThat(unknown.error().code()).isEqualTo("invalid_api_key");

		String expired = insertKey(null, OffsetDateTime.now(ZoneOffset.UTC).minusMinutes(1), false);
		LlmException ex = error(() -> auth.authenticate(expired).block());
		assertThat(ex.error().status()).isEqualTo(401);
		assertThat(ex.error().message()).contains("expired");

		String blocked = insertKey(null, null, true);
		LlmException bl = error(() -> auth.authenticate(blocked).block());
		assertThat(bl.error().status()).isEqualTo(401);
		assertThat(bl.error().message()).contains("blocked");
	}

	@Test
	void cachedKeySurvivesADatabaseOutageWhileAnUnseenKeyGets503() {
		String key = insertKey(null, null, false);
		String unseen = insertKey(null, null, false);
		assertThat(auth.authenticate(key).block()).isNotNull();

		ds.down = true;
		// within the TTL: served from memory, no database needed
		assertThat(auth.authenticate(key).block().keyId()).isEqualTo(VirtualKeys.hash(key));
		// past the TTL: the background re-read fails and the last good grant is served
		advance(TTL.plusSeconds(1));
		for (int i = 0; i < 3; i++) {
			assertThat(auth.authenticate(key).block().keyId()).isEqualTo(VirtualKeys.hash(key));
		}
		// a key never seen cannot be checked: 503, not 401
		LlmException ex = error(() -> auth.authenticate(unseen).block());
		assertThat(ex.error().status()).isEqualTo(503);

		// past the stale bound the grant is gone
		advance(MAX_STALE);
		assertThat(error(() -> auth.authenticate(key).block()).error().status()).isEqualTo(503);

		ds.down = false;
		// the failed load is dropped by the cache right after its failure reached us: retry briefly
		assertThat(eventually(() -> auth.authenticate(key).block())).isNotNull();
	}

	@Test
	void aBlockMadeElsewhereIsSeenAfterTheTtl() throws Exception {
		String key = insertKey(null, null, false);
		assertThat(auth.authenticate(key).block()).isNotNull();
		KeyRecord k = store.findKey(VirtualKeys.hash(key));
		store.updateKey(k.token(), new KeyRecord(k.token(), k.keyName(), k.keyAlias(), k.quota(), k.teamId(),
				k.userId(), k.expiresAt(), k.metadata(), true, k.createdAt(), k.updatedAt()));
		// within the TTL the cached grant still answers
		assertThat(auth.authenticate(key).block()).isNotNull();
		advance(TTL.plusSeconds(1));
		long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
		LlmException seen = null;
		while (seen == null && System.nanoTime() < deadline) {
			try {
				auth.authenticate(key).block();
				Thread.sleep(20);
			}
			catch (LlmException ex) {
				seen = ex;
			}
		}
		assertThat(seen).isNotNull();
		assertThat(seen.error().message()).contains("blocked");
	}

	@Test
	void aDeletedKeyStopsWorkingAfterInvalidation() {
		String key = insertKey(null, null, false);
		assertThat(auth.authenticate(key).block()).isNotNull();
		store.deleteKeys(List.of(VirtualKeys.hash(key)));
		auth.invalidate(VirtualKeys.hash(key));
		assertThatThrownBy(() -> auth.authenticate(key).block()).isInstanceOf(LlmException.class)
			.hasMessageContaining("Invalid API key");
	}
}
