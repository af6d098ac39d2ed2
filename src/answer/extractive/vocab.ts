/**
 * Real-world vocabularies the extractive engine matches against sentences. Each entry maps a
 * canonical name to a case-insensitive regular-expression source; the catalogue's cues refer to
 * these lists by name (`"vocab": "frameworks"`), so question knowledge stays data-driven.
 */

/** One vocabulary term: the canonical value reported and the pattern that finds it. */
export interface VocabTerm {
  name: string;
  pattern: string;
  /** Case-sensitive match (for short acronyms such as "SGD" that collide with words). */
  caseSensitive?: boolean;
  /** Report the words as written ("NVIDIA RTX 3090 GPU") rather than the family name: the model matters. */
  keepMatch?: boolean;
}

const t = (name: string, pattern: string, caseSensitive = false): VocabTerm => ({ name, pattern, caseSensitive });
/** A term whose matched words are the value (hardware models, memory sizes). */
const exact = (name: string, pattern: string): VocabTerm => ({ name, pattern, keepMatch: true });

// "PyTorch 1.12", "TensorFlow v2.4.1", "Keras (version 2.3)": a version written after the name is kept.
const VERSION = "(?:\\s?\\(?(?:v|version\\s?)\\d+(?:\\.\\d+){0,2}\\b|\\s\\d+\\.\\d+(?:\\.\\d+)?\\b)?";
/** A framework reported with its version when the paper gives one ("PyTorch 1.12"). */
const versioned = (name: string, pattern: string): VocabTerm => ({
  name,
  pattern: `(?:${pattern})${VERSION}`,
  keepMatch: true,
});

const FRAMEWORKS: VocabTerm[] = [
  versioned("PyTorch", "\\bpy-?torch\\b"),
  // Libraries named after the framework they extend ("segmentation_models_pytorch", "tensorflow_addons").
  exact("PyTorch-based library", "\\b\\w+_pytorch\\b"),
  exact("TensorFlow-based library", "\\btensorflow_\\w+|\\b\\w+_tensorflow\\b"),
  versioned("PyTorch Lightning", "\\bpytorch[- ]lightning\\b"),
  versioned("TensorFlow", "\\btensor-?\\s?flow\\b"),
  versioned("Keras", "\\bkeras\\b"),
  versioned("Caffe", "\\bcaffe2?\\b"),
  versioned("Theano", "\\btheano\\b"),
  versioned("MXNet", "\\bmxnet\\b"),
  t("JAX", "\\bJAX\\b", true),
  t("PaddlePaddle", "\\bpaddle(paddle|detection|seg)\\b"),
  t("Darknet", "\\bdarknet\\b(?!-?\\d)"),
  t("fastai", "\\bfast\\.?ai\\b"),
  versioned("Detectron2", "\\bdetectron2?\\b"),
  t("MMDetection", "\\bmm(detection|segmentation|classification)\\b"),
  versioned("Ultralytics", "\\bultralytics\\b"),
  t("Hugging Face Transformers", "\\bhugging\\s?face\\b"),
  t("MATLAB Deep Learning Toolbox", "\\b(deep learning|neural network) toolbox\\b"),
  t("CNTK", "\\bCNTK\\b", true),
  t("Chainer", "\\bchainer\\b"),
  t("Deeplearning4j", "\\bdeeplearning4j\\b"),
  t("ONNX", "\\bONNX\\b", true),
  t("TensorRT", "\\btensorrt\\b"),
  t("TensorFlow Lite", "\\btf ?lite\\b|\\btensorflow lite\\b"),
  t("OpenCV", "\\bopencv\\b"),
  t("Torchvision", "\\btorchvision\\b"),
  t("timm", "\\btimm\\b"),
  t("scikit-learn", "\\bscikit-?learn\\b|\\bsklearn\\b"),
  // Gradient-boosting libraries share their name with the algorithm ("an XGBoost model"), so
  // only a mention as software counts here.
  t(
    "XGBoost",
    "\\bxgboost (library|package|python package|R package|framework|implementation)\\b|\\b(python|R) (package|library) xgboost\\b",
  ),
  t("LightGBM", "\\blightgbm (library|package|python package|R package|framework|implementation)\\b"),
  t("H2O", "\\bH2O\\.?ai\\b|\\bH2O\\b(?= (package|framework|library|platform))", true),
  t("OpenSoundscape", "\\bopensoundscape\\b"),
  t("Weka", "\\bWEKA\\b"),
  t("CUDA", "\\bCUDA\\b(?! cores?\\b)|\\bcuDNN\\b", true),
];

const HARDWARE: VocabTerm[] = [
  // The whole model name: "NVIDIA GeForce RTX 3090 Ti GPU", "NVIDIA Tesla V100-SXM2", "NVIDIA Jetson AGX Orin".
  exact(
    "NVIDIA GPU",
    "\\bnvidia\\b[\\w\\s-]{0,40}?\\b(gpu|geforce|rtx|gtx|tesla|quadro|titan|a100|v100|h100|jetson|t4|l4|p100|k80|dgx)\\b" +
      "(?:[ -]?(?!\\d+\\s?[gtm]b\\b)(?:[a-z]{0,3}\\d{1,4}[a-z]*\\d?|ti|super|nano|xavier|orin|agx|tx[12]|rtx|gtx|geforce|tesla|titan|xp|sxm\\d?|pcie|gpus?)\\b)*",
  ),
  exact("GeForce GPU", "\\b(geforce\\s+)?(rtx|gtx)[\\s-]?\\d{3,4}\\s?(ti|super)?\\b"),
  exact("Tesla GPU", "\\btesla\\s?(v100|p100|k80|k40|t4|a100|m40|p40)\\b"),
  exact("Titan GPU", "\\btitan\\s?(x|xp|v|rtx)\\b"),
  exact("Quadro GPU", "\\bquadro\\s?[\\w-]+"),
  exact(
    "A100 GPU",
    "\\b(a100|h100|h200|v100|p100|k80|a6000|a5000|a4000|a40|l40s?)\\b|\\b(t4|l4|a10g?|p4|k40)(?= gpus?\\b)",
  ),
  exact("Jetson", "\\bjetson\\s?(nano|tx1|tx2|xavier|orin|agx)?\\b"),
  t("TPU", "\\bTPUs?\\b|\\btensor processing units?\\b"),
  t("GPU", "\\bGPUs?\\b|\\bgraphics? (processing|processor|card)s?\\b"),
  exact("Intel CPU", "\\bintel(\\(r\\))?\\s?(core|xeon)\\s?[\\w-]*"),
  exact(
    "CPU",
    "\\b(intel|amd|arm)\\b[\\w\\s.-]{0,30}?\\b(processors?|cpus?)\\b|\\b\\d+[- ]core (processors?|cpus?)\\b|\\b\\d(\\.\\d+)?\\s?GHz\\b",
  ),
  exact("AMD CPU", "\\bamd\\s?(ryzen|epyc|threadripper|radeon)[\\w -]*"),
  exact("Apple silicon", "\\bapple\\s?m[1-4]\\b"),
  exact("RAM", "\\b\\d+\\s?(GB|G|TB)\\b\\s?(of\\s)?(ram|memory|vram|gpu memory|ddr\\d?)"),
  t("Google Colab", "\\bgoogle colab(oratory)?\\b|\\bcolab\\b"),
  t("HPC cluster", "\\b(high[- ]performance computing|HPC)\\b[\\w\\s]{0,20}(cluster|facility|centre|center|system)?"),
  t("Raspberry Pi", "\\braspberry\\s?pi\\b"),
];

const OPTIMIZERS: VocabTerm[] = [
  t("AdamW", "\\badamw\\b"),
  t("Adam", "\\badam\\b(?!w)(\\s+optimi[sz]er)?"),
  t("Nadam", "\\bnadam\\b"),
  t("Adamax", "\\badamax\\b"),
  t("AMSGrad", "\\bamsgrad\\b"),
  t("SGD", "\\bSGDM?\\b", true),
  t("SGD", "\\bstochastic gradient descent\\b"),
  t("RMSprop", "\\brms-?prop\\b"),
  t("Adagrad", "\\badagrad\\b"),
  t("Adadelta", "\\badadelta\\b"),
  t("L-BFGS", "\\bl-?bfgs\\b"),
  t("LAMB", "\\bLAMB optimi[sz]er\\b"),
  t("Ranger", "\\branger optimi[sz]er\\b"),
  t("Momentum", "\\bnesterov\\b|\\bmomentum (of|=|was|set)\\b"),
  t("Levenberg-Marquardt", "\\blevenberg[- ]marquardt\\b"),
];

// Named architectures are reported as written, with their variant ("ResNet-50", "YOLOv5s",
// "EfficientNet-B0", "Swin-T", "BERT-base"); family words ("residual network") are shown as the
// family (NAME_ALIASES). One term per name: deep-learning detection counts terms.
const MODELS: VocabTerm[] = [
  t("CNN", "\\bCNNs?\\b|\\bconvolutional neural networks?\\b|\\bConvNets?\\b|\\bconvolution(al)? networks?\\b"),
  t("RNN", "\\bRNNs?\\b|\\brecurrent neural networks?\\b"),
  t("LSTM", "\\b(bi-?)?LSTMs?\\b|\\blong short[- ]term memory\\b"),
  t("GRU", "\\bGRUs?\\b|\\bgated recurrent units?\\b"),
  t("Transformer", "\\btransformers?\\b(?! (library|package))"),
  exact(
    "Vision Transformer",
    "\\bViT(?:-(?:[BLHS]|Base|Large|Huge|Small|Tiny)(?:/\\d+)?)?\\b|\\bDeiT(?:-[A-Za-z]+)?\\b|\\bswin(?:[- ]?(?:transformer|v2))*(?![a-z])(?:[- ](?:T|S|B|L|tiny|small|base|large)\\b)?|\\bvision transformers?\\b",
  ),
  exact("BERT", "\\b(?:ro)?BERT(?:a)?(?:[- ](?:base|large|tiny|small|mini))?\\b"),
  exact(
    "ResNet",
    "\\bres-?net[- ]?(?:\\d+|v2)?(?:[- ]?v2)?\\b|\\bResNeXt(?:[- ]?\\d+)?\\b|\\bresidual (neural )?networks?\\b",
  ),
  exact("VGG", "\\bVGG[- ]?(?:11|13|16|19|net)?\\b(?!ish)"),
  exact("Inception", "\\binception[- ]?(?:v\\d|resnet(?:[- ]?v2)?)?\\b|\\bGoogLeNet\\b"),
  t("Xception", "\\bxception\\b"),
  exact("DenseNet", "\\bdensenet[- ]?\\d*\\b"),
  exact("MobileNet", "\\bmobilenet[- ]?(?:v\\d)?(?:[- ](?:small|large))?\\b"),
  exact("EfficientNet", "\\befficientnet[- ]?(?:v2)?(?:[- ]?(?:b\\d|[sml]))?\\b|\\befficientdet(?:[- ]?d\\d)?\\b"),
  t("AlexNet", "\\balexnet\\b"),
  exact("SqueezeNet", "\\bsqueezenet\\b|\\bshufflenet(?:[- ]?v\\d)?\\b"),
  exact("ConvNeXt", "\\bconvnext(?:[- ]?v2)?(?:[- ](?:T|S|B|L|XL|tiny|small|base|large))?\\b"),
  exact("YOLO", "\\bYOLO\\s?(?:v\\d+(?:\\.\\d)?[nsmlxt]?|\\d+[nsmlx]?|x|-NAS|-World)?(?:[- ]tiny)?\\b"),
  t("Faster R-CNN", "\\bfaster[- ]r-?cnn\\b"),
  t("Mask R-CNN", "\\bmask[- ]r-?cnn\\b"),
  t("R-CNN", "\\b(fast )?r-cnn\\b"),
  t("SSD", "\\bSSD\\b(?! drive)", true),
  t("RetinaNet", "\\bretinanet\\b"),
  t("DETR", "\\bDETR\\b", true),
  exact("U-Net", "\\bu-?net(?:\\+\\+|3\\+|\\b)"),
  t("SegNet", "\\bsegnet\\b"),
  exact("DeepLab", "\\bdeeplab(?:\\s?v3\\+|\\s?v\\d\\b|\\b)"),
  t("FCN", "\\bFCNs?\\b|\\bfully convolutional networks?\\b"),
  t("PSPNet", "\\bpspnet\\b"),
  t("GAN", "\\bGANs?\\b|\\bgenerative adversarial networks?\\b"),
  t("Autoencoder", "\\b(variational )?auto-?encoders?\\b"),
  t("MLP", "\\bMLPs?\\b|\\bmulti-?layer(ed)? perceptrons?\\b"),
  t("ANN", "\\bANNs?\\b|\\bartificial neural networks?\\b"),
  t("DNN", "\\bDNNs?\\b|\\bdeep neural networks?\\b"),
  t("Neural network", "\\bneural networks?\\b"),
  t("Graph neural network", "\\bgraph (neural|convolutional) networks?\\b|\\bGCNs?\\b|\\bGNNs?\\b"),
  t("Siamese network", "\\bsiamese\\b"),
  t("Capsule network", "\\bcapsule networks?\\b"),
  exact("wav2vec", "\\bwav2vec(?:\\s?2\\.0)?(?!\\w)"),
  t("BirdNET", "\\bbirdnet\\b"),
  t("YAMNet", "\\byamnet\\b"),
  t("VGGish", "\\bvggish\\b"),
  t("PANNs", "\\bPANNs\\b|\\bpre-?trained audio neural networks?\\b"),
  t("CLIP", "\\b(Bio)?CLIP\\b", true),
  t("DINOv2", "\\bDINO(v2)?\\b", true),
  t("Segment Anything", "\\bsegment anything( model)?\\b"),
  exact("SegFormer", "\\bsegformer(?:[- ]?b\\d)?\\b|\\bmask2former\\b"),
  exact("HRNet", "\\bhrnet(?:[- ]?w\\d+)?\\b"),
  t("TabPFN", "\\btabpfn\\b"),
  t("MegaDetector", "\\bmegadetector\\b"),
  exact("PointNet", "\\bpointnet(?:\\+\\+|\\b)"),
  t("LeNet", "\\blenet\\b"),
  t("Deep belief network", "\\bdeep belief networks?\\b"),
  t("Random forest", "\\brandom forests?\\b|\\bRFs?\\b(?= (model|classifier|regression|algorithm))"),
  t("Support vector machine", "\\bsupport vector (machines?|regression)\\b|\\bSVMs?\\b|\\bSVR\\b"),
  t(
    "Gradient boosting",
    "\\b(gradient )?boosted (regression )?trees?\\b|\\bgradient boosting\\b|\\bXGBoost\\b|\\bBRTs?\\b|\\bGBMs?\\b",
  ),
  t("MaxEnt", "\\bmax-?ent\\b|\\bmaximum entropy\\b"),
  t("GLM", "\\bGLMs?\\b|\\bgenerali[sz]ed linear (mixed )?models?\\b"),
  t("GAM", "\\bGAMs?\\b|\\bgenerali[sz]ed additive models?\\b"),
  t("Linear regression", "\\b(multiple )?linear regression\\b"),
  t("Logistic regression", "\\blogistic regression\\b"),
  t("k-nearest neighbours", "\\bk-?nearest neighbou?rs?\\b|\\bKNN\\b"),
  t("Decision tree", "\\bdecision trees?\\b|\\bCART\\b"),
  t("k-means", "\\bk-?means\\b"),
];

const METRICS: VocabTerm[] = [
  t("accuracy", "\\b(overall |classification |top-?\\d )?accurac(y|ies)\\b"),
  t("precision", "\\bprecision\\b"),
  t("recall", "\\brecall\\b|\\bsensitivity\\b"),
  t("F1-score", "\\bF1\\b|\\bF-?(score|measure)\\b|\\bF[- ]?beta\\b"),
  t("specificity", "\\bspecificity\\b"),
  // "AP@50", "AP50", "AP75": average precision at an IoU threshold (COCO's notation).
  t("mAP", "\\bmAP(@|\\b)|\\bAP(@|50\\b|75\\b)|\\bmean average precision\\b|\\baverage precision\\b", true),
  t("IoU", "\\bIoU\\b|\\bintersection over union\\b|\\bjaccard\\b|\\bmIoU\\b"),
  t("Dice", "\\bdice (coefficient|score|similarity)\\b"),
  t("AUC", "\\bAUC\\b|\\barea under the (receiver|roc|curve)\\b|\\bROC\\b"),
  t("Kappa", "\\bkappa\\b"),
  t("RMSE", "\\bRMSE\\b|\\broot[- ]mean[- ]squared? error\\b"),
  t("MAE", "\\bMAE\\b|\\bmean absolute error\\b"),
  t("MSE", "\\bMSE\\b|\\bmean squared error\\b"),
  t("R²", "\\bR2\\b|\\bR\\s?²|\\bcoefficient of determination\\b|\\bR-squared\\b"),
  t("TSS", "\\bTSS\\b|\\btrue skill statistics?\\b"),
  t("confusion matrix", "\\bconfusion matri(x|ces)\\b"),
  t("MAPE", "\\bMAPE\\b|\\bmean absolute percentage error\\b"),
  t("Nash-Sutcliffe efficiency", "\\bNSE\\b|\\bnash[- ]sutcliffe\\b|\\bKGE\\b"),
  t("AIC", "\\bAICc?\\b|\\bakaike information criterion\\b"),
  t("error rate", "\\berror rates?\\b|\\bOOB error\\b"),
  t("MOTA", "\\bMOT[AP]\\b|\\bIDF1\\b"),
  t("log loss", "\\b(log[- ]loss|cross[- ]entropy loss)\\b"),
  t("success rate", "\\bsuccess rates?\\b"),
  t("SSIM", "\\bSSIM\\b|\\bstructural similarity( index)?\\b|\\bPSNR\\b|\\bpeak signal-to-noise ratio\\b"),
  t("CRPS", "\\bCRPS\\b|\\bcontinuous ranked probability score\\b|\\bBrier scores?\\b"),
  t("BLEU", "\\bBLEU\\b|\\bROUGE(-\\w+)?\\b|\\bword error rates?\\b|\\bWER\\b"),
];

// Datasets are matched as whole names, never inside a longer one ("LifeCLEF" is not in "GeoLifeCLEF",
// "ImageNet" is not "mini-ImageNet"), and reported as written with their variant ("CIFAR-10").
const WHOLE_START = "(?<![\\w@-])";
const WHOLE_END = "(?![\\w@])";
/** A dataset name matched whole and reported as written. */
const named = (name: string, pattern: string): VocabTerm => ({
  name,
  pattern: `${WHOLE_START}(?:${pattern})${WHOLE_END}`,
  keepMatch: true,
});

const DATASETS: VocabTerm[] = [
  named("ImageNet", "(?:mini-?|tiny-?)?imagenet(?:[- ]?(?:1k|21k|22k|lt))?"),
  named(
    "COCO",
    "MS[- ]?COCO(?:[- ]?20\\d\\d)?|COCO(?:[- ]?20\\d\\d)?(?= (?:dataset|data|weights|benchmark))|common objects in context",
  ),
  named("MNIST", "(?:fashion-?)?mnist"),
  named("CIFAR", "cifar(?:-?(?:10|100))?"),
  named("PASCAL VOC", "pascal[- ]voc(?:[- ]?20\\d\\d)?"),
  named("iNaturalist", "inaturalist(?:[- ]?20\\d\\d)?|iNat[- ]?20\\d\\d"),
  t("GBIF", "\\bGBIF\\b|\\bglobal biodiversity information facility\\b"),
  t("xeno-canto", "\\bxeno-?canto\\b"),
  t("Macaulay Library", "\\bmacaulay library\\b"),
  t("eBird", "\\bebird\\b"),
  t("AudioSet", "\\baudioset\\b"),
  t("Snapshot Serengeti", "\\bsnapshot serengeti\\b"),
  t("LILA BC", "\\bLILA\\b"),
  named("Landsat", "landsat(?:[- ]?\\d{1,2}\\b)?"),
  named("Sentinel", "sentinel-?[12](?:[AB]\\b)?"),
  t("MODIS", "\\bMODIS\\b"),
  t("WorldClim", "\\bworldclim\\b"),
  // The CLEF challenges are different datasets: GeoLifeCLEF is not BirdCLEF, nor is LifeCLEF.
  named("BirdCLEF", "(?:bird|geolife|life|plant|snake|fungi|lepi)clef(?:[- ]?20\\d\\d)?"),
  t("Pl@ntNet", "\\bplantnet\\b|\\bpl@ntnet\\b"),
  t("Open Images", "\\bopen images\\b"),
  t("Kaggle", "\\bkaggle\\b"),
  t("UCI", "\\bUCI (machine learning )?repository\\b"),
  t("OBIS", "\\bOBIS\\b"),
  t("Copernicus", "\\bcopernicus\\b"),
];

const AUGMENTATIONS: VocabTerm[] = [
  t("flipping", "\\bflip(ping|s|ped)?\\b|\\bmirror(ing|ed)\\b"),
  t("rotation", "\\brotat(ion|ions|ing|ed|e)\\b"),
  t("scaling", "\\b(re)?scal(ing|ed)\\b|\\bzoom(ing|ed)?\\b"),
  t("cropping", "\\b(random )?crop(ping|s|ped)?\\b"),
  t("translation", "\\btranslat(ion|ions|ing|ed)\\b|\\bshift(ing|s|ed)?\\b"),
  t("shearing", "\\bshear(ing)?\\b"),
  t(
    "colour jitter",
    "\\b(colou?r|brightness|contrast|saturation|hue)\\b[\\w\\s]{0,15}(jitter|adjust|change|variation|shift)",
  ),
  t("noise injection", "\\b(gaussian |random )?noise\\b"),
  t("blurring", "\\bblur(ring|red)?\\b"),
  t("mixup", "\\bmix-?up\\b|\\bcutmix\\b|\\bcutout\\b|\\bmosaic\\b"),
  t("time stretching", "\\btime[- ]stretch(ing)?\\b|\\bpitch[- ]shift(ing)?\\b|\\btime[- ]shift(ing)?\\b"),
  t("SpecAugment", "\\bspecaugment\\b|\\b(time|frequency) mask(ing)?\\b"),
  t("oversampling", "\\bSMOTE\\b|\\boversampl(ing|ed)\\b"),
];

const ANNOTATION: VocabTerm[] = [
  t("bounding boxes", "\\bbounding[- ]box(es)?\\b"),
  t("polygons", "\\bpolygons?\\b"),
  t(
    "segmentation masks",
    "\\b(segmentation |binary |pixel[- ]wise )masks?\\b|\\bpixel[- ]level (labels|annotation)\\b",
  ),
  t("keypoints", "\\bkey-?points?\\b|\\blandmarks?\\b"),
  t("LabelImg", "\\blabelimg\\b"),
  t("LabelMe", "\\blabelme\\b"),
  t("CVAT", "\\bCVAT\\b"),
  t("VIA", "\\bVGG image annotator\\b"),
  t("Labelbox", "\\blabelbox\\b"),
  t("Roboflow", "\\broboflow\\b"),
  t("Zooniverse", "\\bzooniverse\\b"),
  t("Raven", "\\braven (pro|lite)\\b"),
  t("Audacity", "\\baudacity\\b"),
  t(
    "manual annotation",
    "\\bmanual(ly)? (annotat|label|tagg|digitiz|delineat)\\w*\\b|\\b(annotat|label)\\w* (manually|by (hand|experts?|annotators?))",
  ),
];

const DEPLOY_PLATFORMS: VocabTerm[] = [
  t("AWS", "\\bAWS\\b|\\bamazon web services\\b|\\bsagemaker\\b|\\bEC2\\b"),
  t("Azure", "\\b(microsoft )?azure\\b"),
  t("Google Cloud", "\\bgoogle cloud( platform)?\\b|\\bGCP\\b|\\bgoogle earth engine\\b"),
  t("mobile app", "\\b(mobile|smartphone|android|ios) (app(lication)?s?|devices?|phones?)\\b"),
  t(
    "web application",
    "\\bweb[- ]?(app(lication)?|server|service|interface|platform|portal)s?\\b|\\bREST(ful)? (API|service|interface)s?\\b",
  ),
  t("cloud server", "\\bcloud (servers?|instances?)\\b|\\bvirtual machines?\\b"),
  t("user's computer", "\\busers?'s? (own )?(desktop |personal )?(computers?|PCs?)\\b"),
  t("edge device", "\\bedge (devices?|computing)\\b|\\bembedded (devices?|systems?)\\b"),
  t("Raspberry Pi", "\\braspberry\\s?pi\\b"),
  t("Jetson", "\\bjetson\\b"),
  t(
    "microcontroller",
    "\\bmicro-?controllers?\\b|\\bMCUs?\\b|\\bARM Cortex[- ]?M\\d+\\b|\\bArduino\\b|\\bESP32\\b|\\bSTM32\\w*",
  ),
  t("GIS plugin", "\\b(QGIS|ArcGIS)( Pro)? (plugin|plug-in|toolbox|tool|extension)s?\\b"),
  t("Docker", "\\bdocker\\b"),
];

/** All vocabularies by name, as the catalogue refers to them. */
export const VOCABULARIES: Readonly<Record<string, readonly VocabTerm[]>> = {
  frameworks: FRAMEWORKS,
  hardware: HARDWARE,
  optimizers: OPTIMIZERS,
  models: MODELS,
  metrics: METRICS,
  datasets: DATASETS,
  augmentations: AUGMENTATIONS,
  annotation: ANNOTATION,
  deployPlatforms: DEPLOY_PLATFORMS,
};

/** Model names that are neural networks (the rest of `models` are classical methods). */
export const NEURAL_MODEL_NAMES: ReadonlySet<string> = new Set(
  MODELS.slice(
    0,
    MODELS.findIndex((m) => m.name === "Random forest"),
  ).map((m) => m.name),
);

/** Frameworks that build neural networks (scikit-learn and friends are not among them). */
export const DL_FRAMEWORK_NAMES: ReadonlySet<string> = new Set([
  "PyTorch",
  "PyTorch Lightning",
  "TensorFlow",
  "Keras",
  "Caffe",
  "Theano",
  "MXNet",
  "JAX",
  "PaddlePaddle",
  "Darknet",
  "fastai",
  "Detectron2",
  "MMDetection",
  "Ultralytics",
  "Hugging Face Transformers",
  "MATLAB Deep Learning Toolbox",
  "CNTK",
  "Chainer",
  "Deeplearning4j",
  "ONNX",
  "TensorRT",
  "TensorFlow Lite",
  "Torchvision",
  "timm",
  "CUDA",
]);

/** Family words a name term matches, shown as the family's name ("residual networks" → "ResNet"). */
export const NAME_ALIASES: ReadonlyArray<[RegExp, string]> = [
  [/^residual (neural )?networks?$/i, "ResNet"],
  [/^vision transformers?$/i, "Vision Transformer"],
];

/**
 * How the names of models, frameworks and datasets are spelled: a value written "resnet-50" or
 * "Pytorch 1.12" is shown as "ResNet-50" and "PyTorch 1.12" (the family as spelled here, the
 * variant as written). Keys are the `valueKey`s the catalogue collects names under.
 */
export const NAME_SPELLINGS: Readonly<Record<string, readonly string[]>> = {
  models: [
    ...MODELS.map((m) => m.name),
    "ResNeXt",
    "ViT",
    "DeiT",
    "Swin",
    "GoogLeNet",
    "ShuffleNet",
    "EfficientDet",
    "RoBERTa",
    "Mask2Former",
  ],
  frameworks: [...FRAMEWORKS.map((f) => f.name), "Detectron"],
  datasets: [
    ...DATASETS.map((d) => d.name),
    "LifeCLEF",
    "GeoLifeCLEF",
    "PlantCLEF",
    "SnakeCLEF",
    "FungiCLEF",
    "iNat",
    "Fashion-MNIST",
  ],
};
