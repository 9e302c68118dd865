package io.llmgateway.gateway.auth;

import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.llmgateway.gateway.core.Identity;

/**
 * Turns model lists of keys, teams and users into the set of aliases a caller may use. Access group names expand to
 * their aliases; {@code *}, {@code all-proxy-models} and {@code all-team-models} (LiteLLM's spellings) mean "no
 * restriction at this level". Levels combine by intersection; an empty intersection of two restricted levels allows
 * nothing (never "everything"). Entries may be patterns ({@code openai/*}, LiteLLM's wildcard spelling):
 * {@code *} matches any characters, so {@code openai/*} allows {@code openai/gpt-4o}.
 */
public final class AllowedModels {

	/** A name no alias can have: the set that allows nothing. */
	public static final String NONE = "\u0000no-models";

	private static final Set<String> UNRESTRICTED = Set.of("*", "all-proxy-models", "all-team-models");

	private final Map<String, List<String>> accessGroups;

	public AllowedModels(Map<String, List<String>> accessGroups) {
		this.accessGroups = accessGroups == null ? Map.of() : accessGroups;
	}

	/** The aliases one level allows; empty = unrestricted. */
	public Set<String> expand(Collection<String> models) {
		if (models == null || models.isEmpty()) {
			return Set.of();
		}
		Set<String> out = new HashSet<>();
		for (String m : models) {
			if (UNRESTRICTED.contains(m)) {
				return Set.of();
			}
			List<String> group = accessGroups.get(m);
			if (group != null) {
				out.addAll(group);
			}
			else {
				out.add(m);
			}
		}
		return out.isEmpty() ? Set.of(NONE) : out;
	}

	/** Both levels' restrictions at once. */
	public static Set<String> intersect(Set<String> a, Set<String> b) {
		if (a.isEmpty()) {
			return b;
		}
		if (b.isEmpty()) {
			return a;
		}
		Set<String> both = new HashSet<>();
		keepAllowedBy(a, b, both);
		keepAllowedBy(b, a, both);
		return both.isEmpty() ? Set.of(NONE) : both;
	}

	/** Adds each entry of {@code from} that {@code by} allows: listed, or matched by a pattern of {@code by}. */
	private static void keepAllowedBy(Set<String> from, Set<String> by, Set<String> into) {
		for (String m : from) {
			if (by.contains(m)) {
				into.add(m);
				continue;
			}
			for (String pattern : by) {
				if (pattern.indexOf('*') >= 0 && Identity.globMatches(pattern, m)) {
					into.add(m);
					break;
				}
			}
		}
	}
}
