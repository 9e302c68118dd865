package io.llmgateway.gateway.auth;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;

import com.github.benmanes.caffeine.cache.Ticker;
import io.llmgateway.gateway.core.Identity;
import io.llmgateway.gateway.store.LlmDatabase;
import io.llmgateway.gateway.support.RequiresPostgres;
import io.llmgateway.translate.model.LlmException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The key store on the real PostgreSQL (own schema): migration, round trip of every field, and a key that keeps
 * working while the database is unreachable, through the production executor (JDBC off the caller's thread).
 */
@RequiresPostgres
class KeyStorePostgresTests {

	static String schema;

	static TestDatabases.Switchable ds;

	static LlmDatabase db;

	static KeyStore store;

	@BeforeAll
	static void setUp() throws Exception {
		schema = TestDatabases.newSchema("keys_pg");
		ds = TestDatabases.postgres(schema);
		db = TestDatabases.database(ds);
		store = new KeyStore(db.jdbc(), JsonMapper.builder().build());
	}

	@AfterAll
	static void tearDown() throws Exception {
		((com.zaxxer.hikari.HikariDataSource) ds.getTargetDataSource()).close();
		TestDatabases.dropSchema(schema);
	}

	static OffsetDateTime now() {
		return OffsetDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.MICROS);
	}

	/** Equal field by field; money compares by value (the column has a fixed scale). */
	static void same(Object actual, Object expected) {
		assertThat(actual).usingRecursiveComparison()
			.withComparatorForType(BigDecimal::compareTo, BigDecimal.class)
			.isEqualTo(expected);
	}

	@Test
	void everyFieldRoundTrips() {
		OffsetDateTime now = now();
		Quota quota = new Quota(List.of("gpt-4o"), new BigDecimal("12.34567891"), new BigDecimal("10"), "1mo", 1000L,
				10L, 3, Map.of("gpt-4o", 500L), Map.of("gpt-4o", 5L));
		KeyRecord k = new KeyRecord(VirtualKeys.hash("sk-roundtrip"), "sk-...trip", "rt", quota, "team-a", "user-a",
				now.plusDays(7), Map.of("tags", List.of("a", "b")), false, now, now);
		store.insertKey(k);
		same(store.findKey(k.token()), k);
		same(store.findKeyByAlias("rt"), k);
		assertThat(store.countKeys("team-a", null, null)).isEqualTo(1);

		TeamRecord t = new TeamRecord("team-a", "A", quota, Map.of("cc", 1), true, now, now);
		store.insertTeam(t);
		same(store.findTeam("team-a"), t);

		UserRecord u = new UserRecord("user-a", "a@example.com", "internal_user", List.of("team-a"),
				new Quota(null, BigDecimal.ONE, null, "1d", null, 7L, null, null, null), Map.of(), now, now);
		store.insertUser(u);
		same(store.findUser("user-a"), u);
		UserRecord changed = new UserRecord("user-a", null, "proxy_admin", List.of(), quota, Map.of("cc", 2),
				now, now.plusMinutes(1));
		assertThat(store.updateUser(changed)).isTrue();
		same(store.findUser("user-a"), new UserRecord("user-a", null, "proxy_admin", List.of(),
				new Quota(quota.models(), quota.maxBudget(), quota.softBudget(), quota.budgetDuration(),
						quota.tpmLimit(), quota.rpmLimit(), quota.maxParallelRequests(), null, null),
				Map.of("cc", 2), now, now.plusMinutes(1)));
		assertThat(store.deleteUsers(List.of("user-a", "nobody"))).containsExactly("user-a");
		assertThat(store.findUser("user-a")).isNull();

		assertThat(store.deleteKeys(List.of(k.token()))).containsExactly(k.token());
		assertThat(store.findKey(k.token())).isNull();
	}

	@Test
	void aKeyAuthenticatedBeforeTheOutageKeepsWorkingPastTheTtl() throws Exception {
		LlmKeysProperties props = new LlmKeysProperties(true, null, null, Duration.ofMillis(200), Duration.ofHours(1),
				1000, Map.of(), true);
		KeyAuthenticator auth = new KeyAuthenticator(db, store, new IdentityFactory(new AllowedModels(Map.of())),
				props, Ticker.systemTicker(), java.time.Clock.systemUTC(), Runnable::run);
		String key = VirtualKeys.generate("sk-");
		String unseen = VirtualKeys.generate("sk-");
		OffsetDateTime now = now();
		for (String k : List.of(key, unseen)) {
			store.insertKey(new KeyRecord(VirtualKeys.hash(k), VirtualKeys.mask(k, "sk-"), null,
					new Quota(null, null, null, null, 60L, null, null, null, null), null, "outage-user", null, null,
					false, now, now));
		}
		Identity first = auth.authenticate(key).block();
		assertThat(first.limits().tpm()).isEqualTo(60L);
		Thread.sleep(50); // let the cache record the load before the clock matters

		ds.down = true;
		try {
			long until = System.nanoTime() + Duration.ofMillis(800).toNanos();
			int served = 0;
			while (System.nanoTime() < until) {
				assertThat(auth.authenticate(key).block().keyId()).isEqualTo(VirtualKeys.hash(key));
				served++;
				Thread.sleep(20);
			}
			assertThat(served).isGreaterThan(10);
			try {
				auth.authenticate(unseen).block();
				throw new AssertionError("an unseen key cannot be checked while the database is down");
			}
			catch (LlmException ex) {
				assertThat(ex.error().status()).isEqualTo(503);
			}
		}
		finally {
			ds.down = false;
		}
		assertThat(KeyAuthenticatorTests.eventually(() -> auth.authenticate(unseen).block())).isNotNull();
	}
}
