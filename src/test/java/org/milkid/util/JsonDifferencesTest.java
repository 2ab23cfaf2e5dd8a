package org.milkid.util;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonElement;
import com.google.gson.JsonParser;
import org.junit.jupiter.api.Test;

class JsonDifferencesTest {

    private static JsonElement json(String s) {
        return JsonParser.parseString(s);
    }

    @Test
    void equalTreesHaveNoDifferences() {
        JsonElement a = json("{\"a\": [1, {\"b\": 2.5}], \"c\": \"x\"}");
        assertThat(JsonDifferences.of(a, a.deepCopy(), 10)).isEmpty();
        assertThat(JsonDifferences.describe(a, a.deepCopy())).isEmpty();
    }

    @Test
    void namesEveryChangedAddedRemovedAndResizedPath() {
        JsonElement a = json("{\"a\": [1, {\"b\": 2.5}], \"c\": \"x\", \"gone\": 1, \"list\": [1, 2]}");
        JsonElement b = json("{\"a\": [1, {\"b\": 2.5000001}], \"c\": \"x\", \"new\": true, \"list\": [1]}");
        assertThat(JsonDifferences.of(a, b, 10)).containsExactly("$.a[1].b: 2.5 | 2.5000001", "$.gone: 1 | (absent)",
                "$.list: 2 elements | 1 elements", "$.new: (absent) | true");
        assertThat(JsonDifferences.of(a, b, 2)).hasSize(2);
        assertThat(JsonDifferences.describe(a, b)).startsWith("differences (path: expected | actual):\n  $.a[1].b");
    }

    @Test
    void aTypeChangeIsOneDifference() {
        assertThat(JsonDifferences.of(json("{\"a\": {\"b\": 1}}"), json("{\"a\": [1]}"), 10))
                .containsExactly("$.a: {\"b\":1} | [1]");
    }
}
