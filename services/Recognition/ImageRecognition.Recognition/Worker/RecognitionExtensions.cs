using ImageRecognition.Imaging;
using ImageRecognition.Recognition.Worker.Aws;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using ImageRecognition.ServiceDefaults.Configuration;

namespace ImageRecognition.Recognition.Worker;

public static class RecognitionExtensions
{
    /// <summary>
    /// The label detector chosen by <c>Recognition:Provider</c>: <c>Onnx</c> (the default, offline) or
    /// <c>Rekognition</c> (Amazon Rekognition on the original in the S3 photo bucket).
    /// </summary>
    public static IHostApplicationBuilder AddRecognitionWorker(this IHostApplicationBuilder builder)
    {
        builder.AddSettings<RecognitionOptions>(RecognitionOptions.SectionName);
        builder.AddImageDecoding();
        var provider = builder.Configuration["Recognition:Provider"] ?? "Onnx";
        switch (provider.ToUpperInvariant())
        {
            case "ONNX":
                // The models load once per process, when the first photo needs them.
                builder.Services.AddSingleton(sp => new ObjectRecognizer(sp.GetRequiredService<IOptions<RecognitionOptions>>().Value));
                builder.Services.AddSingleton<ILabelDetector, OnnxLabelDetector>();
                builder.Services.AddSingleton(OnnxLabelDetector.DecodeNeed);
                break;
            case "REKOGNITION":
                builder.AddRekognitionLabelDetector();
                break;
            default:
                throw new InvalidOperationException($"Recognition:Provider '{provider}' is not known. Use 'Onnx' or 'Rekognition'.");
        }
        return builder;
    }

    public static IBusRegistrationConfigurator AddRecognitionConsumers(this IBusRegistrationConfigurator bus)
    {
        bus.AddConsumer<DetectLabelsConsumer, DetectLabelsConsumerDefinition>();
        bus.AddConsumer<CurrentLabelsProvenanceConsumer>(); // its own queue: never waits behind the photos
        return bus;
    }
}
