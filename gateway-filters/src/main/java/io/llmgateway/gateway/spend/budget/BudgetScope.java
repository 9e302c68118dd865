package io.llmgateway.gateway.spend.budget;

import java.util.Locale;

/** Whose spend a budget limits; {@link #column()} is the ledger column holding that id. */
public enum BudgetScope {
	KEY("key_id"), USER("user_id"), TEAM("team_id"), END_USER("end_user");

	private final String column;

	private final String label;

	BudgetScope(String column) {
		this.column = column;
		this.label = name().toLowerCase(Locale.ROOT).replace('_', '-');
	}

	public String column() {
		return column;
	}

	/** The name used in configuration, alerts and errors: {@code key}, {@code user}, {@code team}, {@code end-user}. */
	public String label() {
		return label;
	}

	public static BudgetScope parse(String value) {
		if (value == null) {
			throw new IllegalArgumentException("scope is required: key, user, team or end-user");
		}
		String v = value.trim().toUpperCase(Locale.ROOT).replace('-', '_');
		if (v.equals("CUSTOMER") || v.equals("ENDUSER")) {
			return END_USER;
		}
		try {
			return valueOf(v);
		}
		catch (IllegalArgumentException ex) {
			throw new IllegalArgumentException(
					"scope '" + value + "' is not one of key, user, team, end-user");
		}
	}
}
