package io.llmgateway.gateway.auth;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

import io.llmgateway.gateway.store.LlmDatabase;
import tools.jackson.databind.json.JsonMapper;

/**
 * Cost of authenticating a virtual key on the hot path (cached: SHA-256 of the key + a Caffeine lookup + expiry and
 * block checks, through the Mono the resolver returns), and of the first, uncached lookup on embedded H2. Run by hand
 * (not a test):
 * <pre>
 * mvn -o -q -pl gateway-filters test-compile dependency:build-classpath -Dmdep.outputFile=/tmp/cp.txt
 * java -cp "gateway-filters/target/test-classes:gateway-filters/target/classes:$(cat /tmp/cp.txt)" \
 *   io.llmgateway.gateway.auth.KeyAuthOverheadHarness
 * </pre>
 */
public final class KeyAuthOverheadHarness {

	private KeyAuthOverheadHarness() {
	}

	public static void main(String[] args) {
		int iterations = args.length > 0 ? Integer.parseInt(args[0]) : 2_000_000;
		LlmDatabase db = TestDatabases.database(TestDatabases.h2());
		KeyStore store = new KeyStore(db.jdbc(), JsonMapper.builder().build());
		LlmKeysProperties props = new LlmKeysProperties(true, null, null, null, null, null, Map.of(), true);
		KeyAuthenticator auth = new KeyAuthenticator(db, store, new IdentityFactory(new AllowedModels(Map.of())),
				props);
		int keys = 1_000;
		String[] presented = new String[keys];
		OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
		for (int i = 0; i < keys; i++) {
			presented[i] = VirtualKeys.generate("sk-");
			store.insertKey(new KeyRecord(VirtualKeys.hash(presented[i]), VirtualKeys.mask(presented[i], "sk-"), null,
					new Quota(List.of("gpt-4o"), null, null, null, 1000L, 10L, null, null, null), null, null, null,
					null, false, now, now));
		}
		long missStart = System.nanoTime();
		for (String key : presented) {
			auth.authenticate(key).block();
		}
		System.out.printf("first lookup (H2, cache miss): %d us per key over %d keys%n",
				(System.nanoTime() - missStart) / keys / 1_000, keys);
		for (int round = 0; round < 3; round++) {
			long start = System.nanoTime();
			long sink = 0;
			for (int i = 0; i < iterations; i++) {
				sink += auth.authenticate(presented[i % keys]).block().limits().tpm();
			}
			long ns = (System.nanoTime() - start) / iterations;
			System.out.printf("cached key authentication: %d ns per request (%d)%n", ns, sink % 7);
		}
		System.exit(0);
	}
}
