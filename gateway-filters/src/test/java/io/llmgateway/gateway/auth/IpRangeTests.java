package io.llmgateway.gateway.auth;

import java.net.InetAddress;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class IpRangeTests {

	@Test
	void matchesAddressesAndRanges() throws Exception {
		assertThat(IpRange.parse("10.0.0.0/8").contains(InetAddress.getByName("10.200.3.4"))).isTrue();
		assertThat(IpRange.parse("10.0.0.0/8").contains(InetAddress.getByName("11.0.0.1"))).isFalse();
		assertThat(IpRange.parse("192.168.1.0/25").contains(InetAddress.getByName("192.168.1.127"))).isTrue();
		assertThat(IpRange.parse("192.168.1.0/25").contains(InetAddress.getByName("192.168.1.128"))).isFalse();
		assertThat(IpRange.parse("127.0.0.1").contains(InetAddress.getByName("127.0.0.1"))).isTrue();
		assertThat(IpRange.parse("127.0.0.1").contains(InetAddress.getByName("127.0.0.2"))).isFalse();
		assertThat(IpRange.parse("::1").contains(InetAddress.getByName("::1"))).isTrue();
		assertThat(IpRange.parse("::1").contains(InetAddress.getByName("127.0.0.1"))).isFalse();
	}

	@Test
	void refusesHostNames() {
		assertThatThrownBy(() -> IpRange.parse("proxy.internal")).hasMessageContaining("trusted-proxies");
	}
}
