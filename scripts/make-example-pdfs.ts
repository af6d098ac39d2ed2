/**
 * Writes the three fictional example papers to examples/papers/ (two-column PDFs with running
 * headers, hyphenated line ends and fi/fl ligatures). Deterministic: same bytes on every run.
 * Run: node --import tsx scripts/make-example-pdfs.ts
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { type PaperSpec, twoColumnPaper } from "../test/fixtures/pdf-paper.js";
import { makePdf } from "../test/fixtures/pdf-writer.js";

const CAMERA_TRAP: PaperSpec = {
  banner: "JournalofFictionalEcology12(2025)100001",
  runningAuthors: "A. Moreau et al.",
  title: "Automated classification of mammals in camera-trap images with a ResNet-50 convolutional neural network",
  authors: "Amélie Moreau, Jonas Keller, Priya Raman",
  affiliation:
    "Department of Wildlife Informatics, University of Nordwald, Nordwald, Germany (a fictional institution)",
  abstract:
    "Camera traps produce far more images than ecologists can label by hand. We present a convolutional neural network that classifies twelve mammal species in camera-trap images from a mountain national park. We collected 48,310 images with 60 camera traps between 2021 and 2023, annotated every animal with a bounding box and a species label, and release the resulting Nordwald Camera Trap dataset (NCT-12). A ResNet-50 model trained in PyTorch reached an accuracy of 94.2% and a macro F1 score of 0.91 on held-out test images. We describe the full workflow, from field deployment to a model that runs at a field station, so that other groups can reuse it.",
  keywords: "camera traps; deep learning; image classification; mammals; ResNet-50",
  sections: [
    {
      heading: "1. Introduction",
      paragraphs: [
        "Camera traps have become a standard tool for monitoring medium and large mammals, because they work day and night, disturb animals very little and leave a permanent record of every detection (Novak and Adeyemi, 2019). The price of this success is volume: a network of a few dozen cameras easily records hundreds of thousands of images per year, and most projects still identify the animals in them by hand.",
        "Manual identification is slow, tiring and inconsistent between observers. In our own surveys of the park, two trained people needed about four months to label one year of images (Moreau and Raman, 2022). Automated classification would let the field team spend that time on fieldwork and on the questions the images are meant to answer, such as the occupancy of rare carnivores.",
        "Convolutional neural networks now classify natural images with high accuracy, and several studies have applied them to wildlife images (Chen and Okafor, 2020; Brandt and Keller, 2021). Yet models trained on one region often fail in another, because backgrounds, vegetation and camera models differ. We therefore trained a model on images from our own study area and tested it on sites and a region that it never saw during training.",
        "The aims of this study were (i) to build a labelled dataset of camera-trap images of the mammals of the park, (ii) to train and evaluate a deep learning model that classifies the species in these images, and (iii) to deploy the model so that new images are classified automatically.",
      ],
    },
    {
      heading: "2. Materials and methods",
      paragraphs: [],
    },
    {
      heading: "2.1. Study area and data collection",
      paragraphs: [
        "The study took place in a mountain national park of about 250 km² covered by spruce and beech forest. Between March 2021 and October 2023 we deployed 60 camera traps at 60 sites laid out on a 2 km grid. Each camera was fixed to a tree 50 cm above the ground and was triggered by its passive infrared motion sensor, taking bursts of three images per trigger with no delay between triggers. Cameras were visited every six weeks to change batteries and memory cards.",
        "In total the cameras recorded 212,480 images. After removing empty frames (false triggers caused by moving vegetation) and images of people, 48,310 colour and infrared images containing at least one animal remained. All images were stored as JPEG files with a resolution of 2048 × 1536 pixels.",
      ],
    },
    {
      heading: "2.2. Annotation and dataset",
      paragraphs: [
        "Two trained observers annotated every animal in every image with a bounding box and a species label in an open-source labelling tool; a third, senior observer resolved the 3.1% of images on which they disagreed. The final Nordwald Camera Trap dataset (NCT-12) covers twelve classes: red deer, roe deer, wild boar, red fox, European badger, Eurasian lynx, wildcat, pine marten, European hare, red squirrel, mouflon and domestic dog.",
        "The classes are strongly imbalanced: roe deer appear in 31% of the images and wildcat in less than 1%. To keep the rare species from being ignored we weighted the loss of each class by the inverse of its frequency in the training set and oversampled the three rarest classes so that each made up at least 3% of the training batches.",
      ],
    },
    {
      heading: "2.3. Preprocessing and augmentation",
      paragraphs: [
        "Each animal was cropped from its image with the annotated bounding box plus a margin of 10% and resized to 224 × 224 pixels. Infrared images were converted to three identical channels. Pixel values were normalised to zero mean and unit variance per channel, using the mean and standard deviation of the training images.",
        "During training we applied data augmentation to every batch: random horizontal flips, random rotations of up to 15 degrees, random resized crops covering 80–100% of the image and small changes of brightness and contrast. No augmentation was applied to validation and test images.",
      ],
    },
    {
      heading: "2.4. Data split",
      paragraphs: [
        "We split the dataset into a training set (70%), a validation set (15%) and a test set (15%). The split was made by camera site, so that images from one site never appear in more than one subset, and it was stratified by species so that every subset contains all twelve classes. To test how well the model generalises, we also collected 2,140 labelled images from 12 cameras in a neighbouring forest region that was not used for training or model selection.",
      ],
    },
    {
      heading: "2.5. Model and training",
      paragraphs: [
        "We used a ResNet-50 convolutional neural network (CNN), a residual network with 50 layers. Its final layer was replaced by a dropout layer with a dropout rate of 0.5 and a fully connected layer with twelve outputs, one per class, followed by a softmax. All weights were initialised randomly and the whole network was trained on our data.",
        "The model was implemented in PyTorch 2.1 with Python 3.11 and trained on a workstation with a single NVIDIA RTX 3090 GPU (24 GB memory). We used the Adam optimizer with a learning rate of 0.001, a batch size of 32 and a weight decay of 0.0001, and trained for at most 50 epochs with a weighted cross-entropy loss. Training stopped early when the validation loss had not improved for five consecutive epochs, and the weights with the lowest validation loss were kept.",
        "The learning rate and batch size were chosen by a grid search on the validation set over learning rates of 0.01, 0.001 and 0.0001 and batch sizes of 16, 32 and 64. Training and validation loss and accuracy were logged after every epoch and inspected as learning curves. To make the experiments reproducible we set the random seed to 42 for Python, NumPy and PyTorch, and we repeated the final training five times to report the mean and standard deviation of each metric.",
      ],
    },
    {
      heading: "2.6. Evaluation and deployment",
      paragraphs: [
        "We evaluated the model on the test set with accuracy, precision, recall and the macro-averaged F1 score, and on the images of the neighbouring region with the same metrics. We computed a confusion matrix to see which species were mixed up, and used Grad-CAM saliency maps to check that the predictions relied on the animals rather than on the background. Predictions with a softmax confidence below 0.6 were flagged for manual review.",
        "For routine use the final model was exported to the ONNX format and deployed on an NVIDIA Jetson Nano computer at the park's field station, where it classifies the images of each camera visit overnight and writes the results to the park's monitoring database.",
      ],
    },
    {
      heading: "3. Results",
      paragraphs: [
        "Training stopped after 37 epochs on average (range 33–41). On the test set the model reached an accuracy of 94.2% (± 0.4% over five runs), a macro precision of 0.92, a macro recall of 0.90 and a macro F1 score of 0.91. Per-species F1 scores ranged from 0.78 for wildcat to 0.98 for wild boar. Most errors confused female red deer with roe deer and wildcat with domestic cats misclassified as dog, mainly in infrared images taken at night.",
        "On the 2,140 images from the neighbouring region the accuracy dropped to 89.7% and the macro F1 score to 0.85, mostly because of lower recall for red squirrel and pine marten, which were photographed against snow more often there. The Grad-CAM maps showed that correct predictions focused on the head and legs of the animals; several wrong predictions focused on tree trunks. About 6% of test images fell below the confidence threshold and would have been sent for manual review; their accuracy was only 61%.",
      ],
    },
    {
      heading: "4. Discussion",
      paragraphs: [
        "A ResNet-50 trained on about 34,000 training crops from our own cameras classified the mammals of the park with an accuracy close to that of a trained human observer. Splitting the data by site was essential: in a preliminary experiment with a random split, test accuracy was three points higher, which shows how easily a model memorises the background of a site.",
        "The drop in accuracy in the neighbouring region confirms that transfer between areas remains a problem. Adding a modest number of labelled images from each new region, and keeping uncertain predictions for manual review, is a practical way to use such models in monitoring programmes. The class weights and oversampling improved the F1 score of the rarest species by 0.09 without lowering overall accuracy.",
        "Running the model at the field station removed the need to upload large image sets, and the field team now reviews only the flagged images. Future work will add a detection step so that images with several animals are counted correctly.",
      ],
    },
    {
      heading: "Data availability",
      paragraphs: [
        "The code for training and evaluation is available on GitHub at https://github.com/nordwald-wildlife/nct12-resnet. The NCT-12 images and annotations are deposited on Zenodo (https://doi.org/10.5281/zenodo.10000042).",
      ],
    },
    {
      heading: "References",
      paragraphs: [
        "Brandt, O., Keller, S., 2021. Counting ungulates in drone images with YOLO object detectors. Fictional Journal of Wildlife Monitoring 4, 12–25.",
        "Chen, L., Okafor, N., 2020. Transfer learning from ImageNet for small wildlife image collections. Imaginary Methods in Ecology 11, 301–315.",
        "Duarte, P., Lindgren, E., 2022. A TensorFlow pipeline for the classification of bird calls. Journal of Hypothetical Bioacoustics 7, 88–97.",
        "Moreau, A., Raman, P., 2022. Camera-trap surveys of mammals in the Nordwald mountains, 2019–2021. Nordwald Field Reports 2, 1–19.",
        "Novak, T., Adeyemi, F., 2019. Why manual labelling does not scale: a survey of camera-trap projects. Fictional Conservation Letters 6, 210–219.",
      ],
    },
  ],
};

const SPECIES_DISTRIBUTION: PaperSpec = {
  banner: "FictionalBiogeographyLetters8(2024)e0421",
  runningAuthors: "K. Osei and L. Varga",
  title:
    "Climate and land cover shape the range of the imaginary alpine newt: MaxEnt and random forest models compared",
  authors: "Kwame Osei, Lilla Varga",
  affiliation: "Centre for Imaginary Biogeography, University of Eastvale (a fictional institution)",
  abstract:
    "Species distribution models are widely used to map the potential range of amphibians, but different algorithms can give different maps from the same data. We modelled the distribution of the imaginary alpine newt, a fictional species used here as an example, with two established methods, maximum entropy (MaxEnt) and random forest, using 1,214 occurrence records from GBIF and eight climate and land-cover predictors. Both models performed well in 10-fold cross-validation (mean AUC 0.87 for MaxEnt and 0.89 for random forest). Summer temperature and the proportion of forest cover were the most important predictors. The two maps agreed on the core range but differed at the range margins, where conservation decisions are most difficult.",
  keywords: "species distribution model; MaxEnt; random forest; amphibians; GBIF",
  sections: [
    {
      heading: "1. Introduction",
      paragraphs: [
        "Knowing where a species can live is the first step in planning its conservation. Species distribution models relate known occurrences of a species to environmental conditions and project this relationship across a landscape (Hartmann and Ito, 2018). For amphibians, which depend on both water bodies and the surrounding land, such models help to find areas that deserve protection and to identify gaps in survey effort.",
        "Many algorithms are available, and studies comparing them often find that the choice of method affects the predicted range as much as the choice of predictors (Silva et al., 2020). We therefore fitted two widely used methods, MaxEnt and random forest, to the same occurrence data and compared their performance and their maps.",
        "The imaginary alpine newt is a fictional species that lives in cool upland forests with small ponds. Its populations have declined in the lowlands, and a reliable map of suitable habitat is needed to guide pond restoration.",
      ],
    },
    {
      heading: "2. Methods",
      paragraphs: [],
    },
    {
      heading: "2.1. Occurrence data",
      paragraphs: [
        "We downloaded all georeferenced occurrence records of the species from the Global Biodiversity Information Facility (GBIF) on 14 May 2023. We removed records with a coordinate uncertainty above 1 km, duplicates and records older than 1990, which left 1,214 records. To reduce spatial sampling bias we thinned the records so that no two were closer than 5 km, which left 706 records for modelling.",
      ],
    },
    {
      heading: "2.2. Environmental predictors",
      paragraphs: [
        "We started from the 19 bioclimatic variables of a global climate dataset at a resolution of 30 arc-seconds and from the proportion of forest, grassland, open water and built-up land in each grid cell, derived from a land-cover map. To avoid collinearity we removed one variable of every pair with a Pearson correlation above 0.7, keeping the variable with the clearer biological meaning. The final set comprised eight predictors: mean temperature of the warmest quarter, temperature seasonality, annual precipitation, precipitation of the driest quarter, forest cover, grassland cover, open water cover and built-up cover.",
      ],
    },
    {
      heading: "2.3. Models",
      paragraphs: [
        "MaxEnt models were fitted with 10,000 background points sampled at random from the study region. We used linear, quadratic and hinge features and selected the regularisation multiplier (0.5 to 4 in steps of 0.5) that minimised the corrected Akaike information criterion.",
        "Random forest models were fitted as a classification of presence against the same background points, with 500 trees and the default number of variables tried at each split. Because background points far outnumbered presences, each tree was grown on a balanced sample with equal numbers of presences and background points (down-sampling).",
        "All analyses were run in R 4.3. Model performance was assessed with 10-fold cross-validation using spatial blocks of 50 km, so that training and test records were spatially separated. We report the area under the receiver operating characteristic curve (AUC) and the true skill statistic (TSS) for each fold. The importance of each predictor was measured by permutation, and continuous suitability maps were converted to presence–absence maps with the threshold that maximised TSS.",
      ],
    },
    {
      heading: "3. Results",
      paragraphs: [
        "Both models discriminated well between presences and background points. Across the ten folds, MaxEnt reached a mean AUC of 0.87 (SD 0.03) and a mean TSS of 0.61, and random forest a mean AUC of 0.89 (SD 0.04) and a mean TSS of 0.65. The selected MaxEnt model used a regularisation multiplier of 1.5.",
        "Mean temperature of the warmest quarter was the most important predictor in both models, followed by forest cover and precipitation of the driest quarter. Suitability was highest where summer temperatures stayed below 16 °C and forest covered more than half of the cell. Built-up cover had a strong negative effect in the random forest model but little effect in MaxEnt.",
        "The thresholded maps agreed on 81% of the cells predicted suitable by either model. Random forest predicted a smaller, more fragmented range, in particular along the lowland margin, whereas MaxEnt predicted smoother and wider areas of suitable habitat.",
      ],
    },
    {
      heading: "4. Discussion",
      paragraphs: [
        "The two methods gave similar accuracy but different range margins. The more fragmented random forest map probably reflects its ability to fit sharp responses to land cover, while the regularised MaxEnt model favours smooth responses. Where the maps disagree, field surveys are the most efficient way to decide which prediction holds.",
        "Occurrence data from GBIF are uneven in space, and thinning removed more than 40% of the records. Spatially blocked cross-validation gave lower AUC values than random folds in a preliminary analysis, which suggests that random folds would have overstated model performance.",
        "For conservation planning we recommend using the areas predicted suitable by both models as the core range and treating the margins as priorities for new surveys. The approach is simple, uses freely available data and can be repeated for other amphibians of the region.",
      ],
    },
    {
      heading: "Data availability",
      paragraphs: [
        "Occurrence records are available from GBIF (https://doi.org/10.15468/dl.fict01). The R scripts and the predictor layers used in this study are deposited on Figshare (https://doi.org/10.6084/m9.figshare.0000421).",
      ],
    },
    {
      heading: "References",
      paragraphs: [
        "Hartmann, R., Ito, M., 2018. A practical guide to species distribution models. Fictional Journal of Applied Ecology 22, 45–60.",
        "Silva, J., Novak, T., Berg, A., 2020. Algorithm choice and the predicted ranges of amphibians. Imaginary Diversity and Distributions 14, 900–912.",
        "Varga, L., 2021. Pond restoration for upland newts. Eastvale Conservation Notes 5, 3–11.",
      ],
    },
  ],
};

const LAKE_LSTM: PaperSpec = {
  banner: "ImaginaryLimnologyReports3(2025)45–53",
  runningAuthors: "T. Lindqvist et al.",
  title: "Forecasting dissolved oxygen in a shallow lake with long short-term memory networks",
  authors: "Tove Lindqvist, Mateo Ruiz, Hana Sato",
  affiliation: "Lake Research Station, Imaginary Institute of Freshwater Science (a fictional institution)",
  abstract:
    "Low oxygen events kill fish and release nutrients from lake sediments, but they develop within hours and are hard to anticipate. We trained a long short-term memory (LSTM) network to forecast dissolved oxygen 24 hours ahead from high-frequency sensor data of a monitoring buoy in a shallow eutrophic lake. The model used six years of measurements of water temperature, dissolved oxygen, chlorophyll fluorescence, wind speed and air temperature. On the test year it forecast dissolved oxygen with a root mean square error of 0.62 mg/L and outperformed a persistence forecast and an autoregressive model. The forecasts give lake managers about one day of warning before oxygen falls below critical levels.",
  keywords: "dissolved oxygen; LSTM; time series forecasting; lake monitoring; sensors",
  sections: [
    {
      heading: "1. Introduction",
      paragraphs: [
        "Dissolved oxygen is one of the most important indicators of lake health. In shallow eutrophic lakes, calm and warm weather can deplete oxygen near the bottom within a single night, with fish kills and the release of phosphorus from the sediment as consequences (Berg and Olsen, 2017). Managers can respond, for example by starting aeration, but only if they know in advance that a low oxygen event is coming.",
        "Monitoring buoys now record water quality every few minutes, and such long, dense time series are well suited to recurrent neural networks. Long short-term memory networks in particular can learn how oxygen responds to weather over several days (Ahmed and Koch, 2021). Here we ask whether an LSTM trained on the data of one buoy can forecast dissolved oxygen one day ahead with enough accuracy to be useful in practice.",
      ],
    },
    {
      heading: "2. Methods",
      paragraphs: [],
    },
    {
      heading: "2.1. Site and sensor data",
      paragraphs: [
        "The lake has an area of 4.2 km² and a mean depth of 2.8 m. A monitoring buoy at its deepest point has recorded water temperature at three depths, dissolved oxygen and chlorophyll fluorescence at 1 m depth, and wind speed and air temperature at 2 m above the surface every 10 minutes since 2018. We used the complete record from January 2018 to December 2023, exported as CSV files.",
        "Sensor records contained gaps from maintenance and failures. Gaps shorter than two hours were filled by linear interpolation; longer gaps were left missing and the affected windows were excluded. The series were then averaged to hourly values, and each variable was scaled to the range 0 to 1 with min–max scaling based on the training period.",
      ],
    },
    {
      heading: "2.2. Model",
      paragraphs: [
        "The model is a stacked LSTM network with two recurrent layers of 64 units each, followed by a dense output layer with 24 units that returns the hourly oxygen forecast for the next 24 hours. The input to the network is a sliding window of the previous 72 hours of all variables. The model was built with the Keras interface of TensorFlow 2.12.",
        "We trained the network with the RMSprop optimizer, a learning rate of 0.0005 and a batch size of 64 for a fixed number of 100 epochs, minimising the mean squared error. An L2 penalty of 0.0001 on the recurrent weights reduced overfitting. The number of units and the window length were chosen by trial and error, comparing a few configurations on the validation year.",
      ],
    },
    {
      heading: "2.3. Data split and baselines",
      paragraphs: [
        "The data were split in time: the years 2018–2021 were used for training, 2022 for validation and 2023 for testing, so that the model was always evaluated on later data than it was trained on. We compared the LSTM with two baselines: a persistence forecast that repeats the last observed value, and a seasonal autoregressive integrated moving average (ARIMA) model. Forecast accuracy was measured with the root mean square error (RMSE), the mean absolute error (MAE) and the Nash–Sutcliffe efficiency (NSE), and the ability to warn of low oxygen with the hit rate for values below 4 mg/L.",
      ],
    },
    {
      heading: "3. Results",
      paragraphs: [
        "Over the test year, the LSTM forecast dissolved oxygen 24 hours ahead with an RMSE of 0.62 mg/L, an MAE of 0.45 mg/L and an NSE of 0.83. The persistence forecast reached an RMSE of 1.10 mg/L and the ARIMA model 0.91 mg/L. Errors grew with the forecast horizon, from 0.21 mg/L one hour ahead to 0.62 mg/L at 24 hours.",
        "In 2023 the lake experienced eleven low oxygen events. The LSTM forecast nine of them at least 12 hours in advance and gave three false alarms. Most errors occurred after storms, when strong mixing raised oxygen faster than the model expected.",
      ],
    },
    {
      heading: "4. Discussion",
      paragraphs: [
        "A compact LSTM network trained on six years of buoy data forecast dissolved oxygen accurately enough to warn of most low oxygen events a day in advance. The main limitation is that the model was trained and tested on a single lake; its transfer to other lakes with different depth and nutrient status remains to be tested.",
        "The model needs only data that the buoy already records, so it can be run whenever new measurements arrive. We plan to include weather forecasts as additional inputs, which should help the model anticipate storms.",
      ],
    },
    {
      heading: "Data availability",
      paragraphs: ["The sensor data used in this study are available upon request from the corresponding author."],
    },
    {
      heading: "References",
      paragraphs: [
        "Ahmed, S., Koch, D., 2021. Recurrent networks for water quality time series. Imaginary Water Research 9, 220–231.",
        "Berg, M., Olsen, K., 2017. Oxygen depletion in shallow lakes under calm weather. Fictional Freshwater Biology 30, 1–14.",
      ],
    },
  ],
};

const PAPERS: Array<[string, PaperSpec]> = [
  ["camera-trap-resnet.pdf", CAMERA_TRAP],
  ["species-distribution-maxent.pdf", SPECIES_DISTRIBUTION],
  ["lake-oxygen-lstm.pdf", LAKE_LSTM],
];

const outDir = join(dirname(fileURLToPath(import.meta.url)), "..", "examples", "papers");
mkdirSync(outDir, { recursive: true });
for (const [name, spec] of PAPERS) {
  const pages = twoColumnPaper(spec);
  const bytes = makePdf(pages, { title: spec.title });
  writeFileSync(join(outDir, name), bytes);
  process.stdout.write(`${name}: ${pages.length} pages, ${bytes.length} bytes\n`);
}
