using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using ImageRecognition.ServiceDefaults.Configuration;

namespace ImageRecognition.Imaging;

public static class ImagingExtensions
{
    /// <summary>
    /// The image limits (section <c>Images</c>), the process's one <see cref="DecodeMemoryBudget"/>, shared
    /// by every service of the process that decodes (in the standalone host: thumbnails, labels and previews),
    /// its one <see cref="FairImageWork"/>: the workflow steps' turns at the cores, fair between users, and its
    /// <see cref="OriginalDecodes"/>: one decode of an original for every step of the process that needs it.
    /// </summary>
    public static IHostApplicationBuilder AddImageDecoding(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.AddSettings<ImageLimits>(ImageLimits.SectionName);
        builder.Services.AddSingleton<DecodeMemoryBudget>();
        builder.Services.AddSingleton<FairImageWork>();
        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.TryAddSingleton<OriginalDecodes>();
        return builder;
    }
}
