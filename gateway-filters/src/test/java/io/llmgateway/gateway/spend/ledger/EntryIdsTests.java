package io.llmgateway.gateway.spend.ledger;

import java.util.HashSet;
import java.util.Set;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Entry ids sort by time (the ledger's primary key grows at its right edge) and never repeat. */
class EntryIdsTests {

	@Test
	void idsOfALaterMillisecondSortAfterAndAreVersion7() {
		UUID earlier = EntryIds.next(1_700_000_000_000L);
		UUID later = EntryIds.next(1_700_000_000_001L);
		assertThat(later.toString()).isGreaterThan(earlier.toString());
		assertThat(earlier.version()).isEqualTo(7);
		assertThat(earlier.variant()).isEqualTo(2);
		assertThat(earlier.toString()).hasSize(36);
	}

	@Test
	void idsOfOneMillisecondAreStillUnique() {
		Set<UUID> ids = new HashSet<>();
		for (int i = 0; i < 100_000; i++) {
			ids.add(EntryIds.next(1_700_000_000_000L));
		}
		assertThat(ids).hasSize(100_000);
	}
}
