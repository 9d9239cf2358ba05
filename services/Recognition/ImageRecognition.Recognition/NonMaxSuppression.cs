namespace ImageRecognition.Recognition;

/// <summary>Greedy non-maximum suppression: the best box of a class wins, overlapping boxes of the same class go.</summary>
internal static class NonMaxSuppression
{
    public static List<Detection> PerClass(IEnumerable<Detection> candidates, double iouThreshold)
    {
        var kept = new List<Detection>();
        foreach (var sameClass in candidates.GroupBy(d => d.ClassName, StringComparer.Ordinal))
        {
            kept.AddRange(Suppress(sameClass, iouThreshold));
        }

        kept.Sort((a, b) => b.Score.CompareTo(a.Score));
        return kept;
    }

    private static List<Detection> Suppress(IEnumerable<Detection> sameClass, double iouThreshold)
    {
        var kept = new List<Detection>();
        foreach (var candidate in sameClass.OrderByDescending(d => d.Score))
        {
            if (kept.TrueForAll(k => k.Box.IntersectionOverUnion(candidate.Box) <= iouThreshold))
            {
                kept.Add(candidate);
            }
        }

        return kept;
    }
}
