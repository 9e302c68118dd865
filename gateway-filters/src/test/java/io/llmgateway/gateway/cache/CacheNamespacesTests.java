package io.llmgateway.gateway.cache;

import java.util.Map;
import java.util.Set;

import io.llmgateway.gateway.core.Identity;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class CacheNamespacesTests {

	private static Identity identity(String keyId, String teamId, Map<String, Object> metadata) {
		return new Identity(keyId, null, null, teamId, Set.of(), null, null, metadata, false);
	}

	@Test
	void tenantModeUsesTheKeyThenTheTeam() {
		assertThat(CacheNamespaces.resolve(NamespaceMode.TENANT, identity("k1", "t1", null), null)).isEqualTo("key:k1");
		assertThat(CacheNamespaces.resolve(NamespaceMode.TENANT, identity(null, "t1", null), null))
			.isEqualTo("team:t1");
		assertThat(CacheNamespaces.resolve(NamespaceMode.TENANT, Identity.ANONYMOUS, null)).isEqualTo("anon");
	}

	@Test
	void teamModeUsesTheTeamThenTheKey() {
		assertThat(CacheNamespaces.resolve(NamespaceMode.TEAM, identity("k1", "t1", null), null)).isEqualTo("team:t1");
		assertThat(CacheNamespaces.resolve(NamespaceMode.TEAM, identity("k1", null, null), null)).isEqualTo("key:k1");
	}

	@Test
	void sharedModeIgnoresTheCaller() {
		assertThat(CacheNamespaces.resolve(NamespaceMode.SHARED, identity("k1", "t1", null), null)).isEqualTo("shared");
	}

	@Test
	void aKeyCanOptIntoASharedNamespace() {
		assertThat(CacheNamespaces.resolve(NamespaceMode.TENANT,
				identity("k1", null, Map.of(CacheNamespaces.IDENTITY_METADATA_KEY, "shared")), null))
			.isEqualTo("shared");
		assertThat(CacheNamespaces.resolve(NamespaceMode.TENANT,
				identity("k1", null, Map.of(CacheNamespaces.IDENTITY_METADATA_KEY, "evals")), null))
			.isEqualTo("shared:evals");
	}

	@Test
	void aRequestedNamespaceNarrowsTheTenantsNamespace() {
		assertThat(CacheNamespaces.resolve(NamespaceMode.TENANT, identity("k1", null, null), "run-7"))
			.isEqualTo("key:k1/run-7");
		// a client cannot name its way into another tenant's namespace
		assertThat(CacheNamespaces.resolve(NamespaceMode.TENANT, identity("k1", null, null), "../key:k2"))
			.isEqualTo("key:k1/..%2Fkey%3Ak2");
	}

	@Test
	void escapingIsInjectiveAndFreeOfSeparatorsAndGlobs() {
		assertThat(CacheNamespaces.key("a:b")).isNotEqualTo(CacheNamespaces.key("a_b")).isEqualTo("key:a%3Ab");
		assertThat(CacheNamespaces.key("a%3Ab")).isEqualTo("key:a%253Ab");
		assertThat(CacheNamespaces.escape("x*?[]/ é")).isEqualTo("x%2A%3F%5B%5D%2F%20%C3%A9");
		assertThat(CacheNamespaces.escape("plain.id_1@x-y")).isEqualTo("plain.id_1@x-y");
	}
}
