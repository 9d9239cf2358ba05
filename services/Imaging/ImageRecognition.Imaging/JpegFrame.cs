namespace ImageRecognition.Imaging;

/// <summary>One colour component of a JPEG frame: its id, sampling factors and quantisation table.</summary>
internal sealed record JpegComponent(int Id, int HorizontalSampling, int VerticalSampling, int QuantisationTable);

/// <summary>What a JPEG's start-of-frame marker says: coding process, precision, size and components.</summary>
internal sealed record JpegFrame(bool Progressive, bool Huffman, int Precision, int Width, int Height, IReadOnlyList<JpegComponent> Components)
{
    public int MaxHorizontalSampling => Components.Max(c => c.HorizontalSampling);

    public int MaxVerticalSampling => Components.Max(c => c.VerticalSampling);

    /// <summary>MCUs across and down in an interleaved scan.</summary>
    public int McusAcross => DivideRoundingUp(Width, 8 * MaxHorizontalSampling);

    public int McusDown => DivideRoundingUp(Height, 8 * MaxVerticalSampling);

    /// <summary>
    /// Bytes libjpeg holds for a progressive image whatever the output scale: every DCT coefficient of every
    /// block (64 two-byte values), because later scans refine all of them.
    /// </summary>
    public long CoefficientBytes => Components.Sum(c => (long)McusAcross * c.HorizontalSampling * McusDown * c.VerticalSampling) * 64 * sizeof(short);

    public static int DivideRoundingUp(int value, int divisor) => (value + divisor - 1) / divisor;
}
