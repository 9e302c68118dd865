package io.llmgateway.gateway.spend.budget;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.TemporalAdjusters;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The window a budget counts over, with resets at calendar boundaries in UTC: a day, an ISO week (from Monday), a
 * calendar month, the whole history, or a fixed window of N seconds/minutes/hours aligned to the epoch.
 * LiteLLM's durations map onto these: {@code 1d}/{@code 24h} = daily, {@code 7d}/{@code 1w} = weekly,
 * {@code 30d}/{@code 1mo} = monthly.
 */
public record BudgetPeriod(Kind kind, Duration window) {

	private static final Pattern DURATION = Pattern.compile("^(\\d+)\\s*(s|m|h|d)$");

	public static final BudgetPeriod DAILY = new BudgetPeriod(Kind.DAILY, null);

	public static final BudgetPeriod WEEKLY = new BudgetPeriod(Kind.WEEKLY, null);

	public static final BudgetPeriod MONTHLY = new BudgetPeriod(Kind.MONTHLY, null);

	public static final BudgetPeriod TOTAL = new BudgetPeriod(Kind.TOTAL, null);

	/** The shapes of window. */
	public enum Kind {
		DAILY, WEEKLY, MONTHLY, TOTAL, FIXED
	}

	/** Parses {@code daily|weekly|monthly|total}, LiteLLM durations ({@code 30s, 12h, 1d, 7d, 30d, 1mo}); null = total. */
	public static BudgetPeriod parse(String value) {
		if (value == null || value.isBlank()) {
			return TOTAL;
		}
		String v = value.trim().toLowerCase(Locale.ROOT);
		switch (v) {
			case "total", "none", "lifetime":
				return TOTAL;
			case "daily", "day", "1d", "24h":
				return DAILY;
			case "weekly", "week", "7d", "1w":
				return WEEKLY;
			case "monthly", "month", "1mo", "30d", "31d":
				return MONTHLY;
			default:
				break;
		}
		Matcher m = DURATION.matcher(v);
		if (!m.matches()) {
			throw new IllegalArgumentException("Budget period '" + value
					+ "' is not daily, weekly, monthly, total or a duration like 30s, 12h, 2d, 1mo");
		}
		long n = Long.parseLong(m.group(1));
		Duration d = switch (m.group(2)) {
			case "s" -> Duration.ofSeconds(n);
			case "m" -> Duration.ofMinutes(n);
			case "h" -> Duration.ofHours(n);
			default -> Duration.ofDays(n);
		};
		if (d.isZero()) {
			throw new IllegalArgumentException("Budget period '" + value + "' must be longer than zero");
		}
		return new BudgetPeriod(Kind.FIXED, d);
	}

	/** Start of the window containing {@code now}; {@link Instant#EPOCH} for total. */
	public Instant start(Instant now) {
		LocalDate day = now.atOffset(ZoneOffset.UTC).toLocalDate();
		return switch (kind) {
			case DAILY -> day.atStartOfDay().toInstant(ZoneOffset.UTC);
			case WEEKLY -> day.with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY)).atStartOfDay().toInstant(ZoneOffset.UTC);
			case MONTHLY -> day.withDayOfMonth(1).atStartOfDay().toInstant(ZoneOffset.UTC);
			case TOTAL -> Instant.EPOCH;
			case FIXED -> Instant.ofEpochSecond(Math.floorDiv(now.getEpochSecond(), window.getSeconds()) * window.getSeconds());
		};
	}

	/** When the window containing {@code now} ends (the next reset), or null for total. */
	public Instant end(Instant now) {
		Instant start = start(now);
		LocalDate day = start.atOffset(ZoneOffset.UTC).toLocalDate();
		return switch (kind) {
			case DAILY -> day.plusDays(1).atStartOfDay().toInstant(ZoneOffset.UTC);
			case WEEKLY -> day.plusWeeks(1).atStartOfDay().toInstant(ZoneOffset.UTC);
			case MONTHLY -> day.plusMonths(1).atStartOfDay().toInstant(ZoneOffset.UTC);
			case TOTAL -> null;
			case FIXED -> start.plus(window);
		};
	}

	/** A key naming the window containing {@code now}, e.g. {@code day:2026-11-25}, {@code month:2026-11}. */
	public String windowKey(Instant now) {
		LocalDate start = start(now).atOffset(ZoneOffset.UTC).toLocalDate();
		return switch (kind) {
			case DAILY -> "day:" + start;
			case WEEKLY -> "week:" + start;
			case MONTHLY -> "month:" + start.toString().substring(0, 7);
			case TOTAL -> "total";
			case FIXED -> "every" + window.getSeconds() + "s:" + start(now).getEpochSecond();
		};
	}

	/** The prefix of {@link #windowKey} shared by every window of this period. */
	String family() {
		return switch (kind) {
			case FIXED -> "every" + window.getSeconds() + "s:";
			case TOTAL -> "total";
			case DAILY -> "day:";
			case WEEKLY -> "week:";
			case MONTHLY -> "month:";
		};
	}

	public String label() {
		return kind == Kind.FIXED ? window.toString() : kind.name().toLowerCase(Locale.ROOT);
	}
}
