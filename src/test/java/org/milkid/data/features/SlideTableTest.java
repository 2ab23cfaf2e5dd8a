package org.milkid.data.features;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import org.junit.jupiter.api.Test;

class SlideTableTest {

    @Test
    void readsClamColumnsInAnyOrderWithQuotes() throws IOException {
        SlideTable t = SlideTable.parse("s.csv", "\uFEFFlabel,case_id,slide_id\r\ntumor,c1,\"a,1\"\nnormal,c2, b \n\n",
                "Tumor");
        assertThat(t.slides()).extracting(SlideTable.Slide::id).containsExactly("a,1", "b");
        assertThat(t.slides()).extracting(SlideTable.Slide::label).containsExactly(1, 0);
        assertThat(t.slides()).extracting(SlideTable.Slide::line).containsExactly(2, 3);
    }

    @Test
    void infersTheUsualPositiveLabelOfTwo() throws IOException {
        assertThat(SlideTable.parse("s.csv", "slide_id,label\na,normal\nb,tumor\n", null).positiveLabel())
                .isEqualTo("tumor");
        assertThat(SlideTable.parse("s.csv", "slide_id,label\na,0\nb,1\n", null).slides())
                .extracting(SlideTable.Slide::label).containsExactly(0, 1);
    }

    @Test
    void refusesWhatItCannotRead() {
        assertThatThrownBy(() -> SlideTable.parse("s.csv", "slide,label\na,1\n", null))
                .isInstanceOf(IOException.class).hasMessageContaining("s.csv line 1").hasMessageContaining("slide_id");
        assertThatThrownBy(() -> SlideTable.parse("s.csv", "slide_id,label\na,1,x\n", null))
                .hasMessageContaining("s.csv line 2: expected 2 fields");
        assertThatThrownBy(() -> SlideTable.parse("s.csv", "slide_id,label\na,1\na,0\n", null))
                .hasMessageContaining("line 3: slide 'a' is listed twice");
        assertThatThrownBy(() -> SlideTable.parse("s.csv", "slide_id,label\na,itc\nb,macro\n", null))
                .hasMessageContaining("--positive-label");
        assertThatThrownBy(() -> SlideTable.parse("s.csv", "slide_id,label\na,normal\nb,tumor\n", "lymph"))
                .hasMessageContaining("no slide has the label 'lymph'");
        assertThatThrownBy(() -> SlideTable.parse("s.csv", "slide_id,label\n", null))
                .hasMessageContaining("no slides listed");
        assertThatThrownBy(() -> SlideTable.parse("s.csv", "slide_id,label\n\"a,1\n", null))
                .hasMessageContaining("not closed");
    }
}
