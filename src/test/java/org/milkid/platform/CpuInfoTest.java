package org.milkid.platform;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The CPU's name and vector instruction sets, from a /proc/cpuinfo text. */
class CpuInfoTest {
    private static final String AMD = """
            processor\t: 0
            vendor_id\t: AuthenticAMD
            cpu family\t: 26
            model\t\t: 2
            model name\t: AMD EPYC
            stepping\t: 1
            flags\t\t: fpu sse sse2 ssse3 fma sse4_1 sse4_2 avx f16c avx2 avx512f avx512bw avx_vnni avx512_bf16 sha

            processor\t: 1
            vendor_id\t: AuthenticAMD
            model name\t: another
            """;

    @Test
    void amdModelAndIsaFamilies() {
        CpuInfo c = CpuInfo.parse(AMD, 2);
        assertThat(c.model()).isEqualTo("AMD EPYC (AuthenticAMD family 26 model 2 stepping 1)");
        assertThat(c.isa()).containsExactly("fma", "sse4_1", "sse4_2", "avx", "avx2", "avx512f", "avx512bw",
                "avx_vnni", "avx512_bf16");
        assertThat(c.hasAvx512()).isTrue();
        assertThat(c.cores()).isEqualTo(2);
    }

    @Test
    void intelWithAmx() {
        CpuInfo c = CpuInfo.parse("vendor_id : GenuineIntel\nmodel name : Intel(R) Xeon(R) Platinum 8481C\n"
                + "flags : sse4_2 avx2 amx_bf16 amx_tile amx_int8 avx512_fp16\n", 4);
        assertThat(c.model()).isEqualTo("Intel(R) Xeon(R) Platinum 8481C (GenuineIntel)");
        assertThat(c.isa()).containsExactly("sse4_2", "avx2", "amx_bf16", "amx_tile", "amx_int8", "avx512_fp16");
    }

    @Test
    void anUnreadableDescriptionGivesUnknown() {
        CpuInfo c = CpuInfo.parse("", 1);
        assertThat(c.model()).isEqualTo("unknown");
        assertThat(c.isa()).isEmpty();
        assertThat(c.hasAvx512()).isFalse();
    }

    @Test
    void thisMachineHasAName() {
        CpuInfo c = CpuInfo.current();
        assertThat(c.model()).isNotBlank();
        assertThat(c.cores()).isEqualTo(Runtime.getRuntime().availableProcessors());
    }
}
