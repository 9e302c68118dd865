package io.llmgateway.gateway.auth;

import java.net.InetAddress;
import java.net.UnknownHostException;

/** One address or CIDR range ({@code 10.0.0.0/8}, {@code ::1}, {@code 192.168.1.7}), matched byte by byte. */
public final class IpRange {

	private final byte[] network;

	private final int prefix;

	private IpRange(byte[] network, int prefix) {
		this.network = network;
		this.prefix = prefix;
	}

	/** Parses a literal address or range; host names are refused so no DNS lookup happens. */
	public static IpRange parse(String text) {
		String t = text.trim();
		int slash = t.indexOf('/');
		String addr = slash < 0 ? t : t.substring(0, slash);
		if (!addr.matches("[0-9a-fA-F:.]+")) {
			throw new IllegalArgumentException("llm.auth.trusted-header.trusted-proxies: not an IP address: " + t);
		}
		try {
			byte[] bytes = InetAddress.getByName(addr).getAddress();
			int prefix = slash < 0 ? bytes.length * 8 : Integer.parseInt(t.substring(slash + 1));
			if (prefix < 0 || prefix > bytes.length * 8) {
				throw new IllegalArgumentException("llm.auth.trusted-header.trusted-proxies: bad prefix: " + t);
			}
			return new IpRange(bytes, prefix);
		}
		catch (UnknownHostException | NumberFormatException ex) {
			throw new IllegalArgumentException("llm.auth.trusted-header.trusted-proxies: not an IP range: " + t, ex);
		}
	}

	public boolean contains(InetAddress address) {
		if (address == null) {
			return false;
		}
		byte[] bytes = address.getAddress();
		if (bytes.length != network.length) {
			return false;
		}
		int full = prefix / 8;
		for (int i = 0; i < full; i++) {
			if (bytes[i] != network[i]) {
				return false;
			}
		}
		int rest = prefix % 8;
		if (rest == 0) {
			return true;
		}
		int mask = (0xFF << (8 - rest)) & 0xFF;
		return (bytes[full] & mask) == (network[full] & mask);
	}
}
