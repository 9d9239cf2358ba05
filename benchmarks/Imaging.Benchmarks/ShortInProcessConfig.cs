namespace Imaging.Benchmarks;

/// <summary>The shared short in-process job, with the decoder's native-pixels column.</summary>
public sealed class ShortInProcessConfig() : ShortInProcessConfigBase(new DecodedSizeColumn());
