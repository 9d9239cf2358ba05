namespace ImageRecognition.TestSupport;

/// <summary>
/// Figures a reliability test measured (times, memory), as rows of a markdown table. With
/// <c>RELIABILITY_FIGURES</c> naming a folder (scripts/reliability.sh sets it), each table goes to its own file
/// there and the script puts it into docs/reliability.md; without it the rows are only returned to the test's output.
/// </summary>
public static class ReliabilityFigures
{
    public const string Variable = "RELIABILITY_FIGURES";

    static readonly Lock Gate = new();

    /// <summary>Adds <paramref name="row"/> to the table <paramref name="title"/>, starting the file with <paramref name="header"/>.</summary>
    public static string Add(string title, string header, string row)
    {
        var folder = Environment.GetEnvironmentVariable(Variable);
        if (!string.IsNullOrEmpty(folder))
        {
            var file = Path.Combine(folder, string.Concat(title.Where(char.IsAsciiLetterOrDigit)) + ".md");
            lock (Gate)
            {
                if (!File.Exists(file))
                {
                    var columns = header.Count(c => c == '|') - 1;
                    File.WriteAllText(file, $"### {title}\n\n{header}\n|{string.Concat(Enumerable.Repeat("---|", columns))}\n");
                }
                File.AppendAllText(file, row + "\n");
            }
        }
        return row;
    }
}
