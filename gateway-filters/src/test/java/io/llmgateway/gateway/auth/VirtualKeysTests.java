package io.llmgateway.gateway.auth;

import java.util.Base64;
import java.util.HashSet;
import java.util.Set;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class VirtualKeysTests {

	@Test
	void generatedKeysHaveThePrefixAndAtLeast128RandomBits() {
		Set<String> seen = new HashSet<>();
		for (int i = 0; i < 1000; i++) {
			String key = VirtualKeys.generate("sk-");
			assertThat(key).startsWith("sk-");
			byte[] random = Base64.getUrlDecoder().decode(key.substring(3));
			assertThat(random.length * 8).isGreaterThanOrEqualTo(128);
			assertThat(seen.add(key)).isTrue();
		}
	}

	@Test
	void hashIsSha256HexAndTokensAreRecognised() {
		// SHA-256("abc") from FIPS 180-2
		assertThat(VirtualKeys.hash("abc"))
			.isEqualTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
		String key = VirtualKeys.generate("sk-");
		assertThat(VirtualKeys.isToken(VirtualKeys.hash(key))).isTrue();
		assertThat(VirtualKeys.isToken(key)).isFalse();
		assertThat(VirtualKeys.tokenOf(key)).isEqualTo(VirtualKeys.hash(key));
		assertThat(VirtualKeys.tokenOf(VirtualKeys.hash(key))).isEqualTo(VirtualKeys.hash(key));
	}

	@Test
	void maskShowsOnlyPrefixAndLastFour() {
		String key = "sk-abcdefghijklmnopqrstuvwxyz";
		assertThat(VirtualKeys.mask(key, "sk-")).isEqualTo("sk-...wxyz");
	}
}
