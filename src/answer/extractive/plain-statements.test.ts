import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { chunkDocument } from "../../ingest/chunk.js";
import { buildDocument } from "../../ingest/document.js";
import { builtinQuestions } from "../../questions/catalogue.js";
import { createMemoryRetriever } from "../../retrieve/index.js";
import type { Answer, Question } from "../../types.js";
import { createExtractiveEngine } from "./index.js";

// Short papers written for this test, as a reader would write one to test a single question: a title, an
// abstract that says the study uses deep learning, one methods statement, a result. Each question's plain
// statement must be answered "yes" by the default engine, deep-learning questions included: a paper of a
// few hundred words is judged on what it says (issue 11: "short papers are judged on what they say").

const HEAD = `Automated monitoring of pollinators with deep learning

Abstract
We present a deep learning pipeline that detects and classifies insect pollinators in field images.

1. Introduction
Pollinator decline is a major concern, and camera-based monitoring can scale surveys across many sites.

2. Methods
`;
const TAIL = `

3. Results
The detector reached a mean average precision of 0.87 on held-out images.

4. Discussion
Camera-based monitoring can complement transect walks.
`;

/** One plain statement per question, in our own words. */
const PLAIN: Record<number, string> = {
  1: "Images were collected with 24 time-lapse cameras mounted above flower patches at six meadows between May and August 2022.",
  2: "The input data are RGB images of 1920 × 1080 pixels stored as JPEG files.",
  3: "Two entomologists annotated every insect with a bounding box and a genus label using the CVAT tool.",
  4: "During training, images were augmented with random horizontal flips, rotations of up to 15 degrees and colour jitter.",
  5: "We trained on our own PollCam dataset of 14,200 annotated images and evaluated on the public Insect Pollinator benchmark.",
  6: "Before training, images were resized to 640 × 640 pixels and pixel values were normalised to the range 0 to 1.",
  7: "The images were split by site into training (70%), validation (15%) and test (15%) sets.",
  8: "The source code is available on GitHub at https://github.com/pollcam/detector.",
  9: "The annotated images have been deposited in Zenodo.",
  10: "All code needed to reproduce the experiments is provided at https://github.com/pollcam/detector.",
  11: "The dataset can be downloaded from https://doi.org/10.5281/zenodo.1234567.",
  12: "The detector is a YOLOv8 convolutional neural network with a CSPDarknet backbone.",
  13: "The network was trained with a learning rate of 0.01, a batch size of 16 and a momentum of 0.937.",
  14: "Hyperparameters were selected by a grid search over learning rates and batch sizes on the validation set.",
  15: "The weights were optimised with stochastic gradient descent (SGD).",
  16: "Training stopped when the validation loss had not improved for 20 consecutive epochs.",
  17: "To reduce overfitting we applied a weight decay of 0.0005 and dropout of 0.2.",
  18: "During training, the validation mAP was computed after every epoch to track progress.",
  19: "All models were implemented in PyTorch 2.0.",
  20: "Training was performed on a single NVIDIA RTX 3090 GPU with 24 GB of memory.",
  21: "Detections with a confidence below 0.25 were discarded and overlapping boxes were merged with non-maximum suppression.",
  22: "Performance was measured with precision, recall, F1 score and mean average precision.",
  23: "To test generalisation, the model was evaluated on images from two meadows that were not used for training.",
  24: "Each experiment was repeated with five different random seeds and we report the mean.",
  25: "The model detects pollinators in images and classifies them into nine genera.",
  26: "Because bees dominated the data, rare genera were oversampled to balance the classes.",
  27: "The trained model was exported to ONNX format for deployment.",
  28: "The model now runs on a Raspberry Pi 4 attached to each camera in the field.",
};

// A second paper in another field, with other wording: "this paper describes a neural network".
const HEAD_2 = `Detecting humpback whale song in long-term hydrophone recordings

Summary
Passive acoustic monitoring produces more audio than experts can listen to. This paper describes a neural network that finds humpback whale song in such recordings.

Methods
`;
const TAIL_2 = `

Results
Song was found in 31% of the recording days, mostly between December and April.
`;
const PLAIN_2: Record<number, string> = {
  1: "Recordings were made with SoundTrap hydrophones moored at 40 m depth off the coast of Maui from 2018 to 2021.",
  2: "Audio was converted to mel spectrograms of 128 frequency bins before it was passed to the network.",
  3: "An analyst marked the start and end time of each song unit in Raven Pro, and these marks served as ground truth.",
  4: "We added background noise from other deployments and applied time and frequency masking to the training spectrograms.",
  5: "The network was trained on 2,400 hours of our Maui recordings and tested on the public DCLDE 2015 dataset.",
  6: "The audio was downsampled to 10 kHz and high-pass filtered at 50 Hz to remove vessel noise.",
  7: "Recordings from 2018 and 2019 were used for training and those from 2021 were kept for testing.",
  8: "Our implementation is hosted on GitLab (https://gitlab.com/ocean-lab/songfinder).",
  9: "The labelled clips are archived in the Dryad repository.",
  10: "Code to train and run the detector is included in the supplementary material.",
  11: "The annotated recordings are available at https://datadryad.org/stash/dataset/doi:10.5061/dryad.abc123.",
  12: "The classifier is a ResNet-18 that takes one spectrogram window as input.",
  13: "We trained for 40 epochs using a learning rate of 3e-4 and mini-batches of 64 windows.",
  14: "The learning rate and the window length were tuned with Bayesian optimisation using Optuna.",
  15: "Adam was used as the optimiser.",
  16: "We used early stopping with a patience of 5 epochs on the validation loss.",
  17: "Batch normalisation and L2 regularisation were used to limit overfitting.",
  18: "Training and validation loss curves were logged with TensorBoard and inspected after each run.",
  19: "The network was written in Keras with a TensorFlow backend.",
  20: "All experiments ran on a compute node with two NVIDIA A100 GPUs.",
  21: "Window-level scores were smoothed with a moving average and thresholded at 0.5 to give song presence per hour.",
  22: "We report area under the ROC curve and average precision for each test site.",
  23: "The detector was also applied to recordings from Hawaii Island, a site it had never seen, to check how well it transfers.",
  24: "To account for the randomness of training, the network was trained ten times with different seeds.",
  25: "The task is binary classification of two-second windows into song and no song.",
  26: "Negative windows outnumbered song windows by ten to one, so we used a class-weighted loss.",
  27: "The final model was saved as a TorchScript file and wrapped in a Docker container.",
  28: "The container runs on AWS Batch and processes each new month of audio overnight.",
};

// A third, in the passive and with numbers in lists: camera traps.
const HEAD_3 = `Identifying mammals in camera-trap images from the Atlantic Forest

Abstract
Camera traps produce millions of images. We trained a convolutional neural network to identify 18 mammal species and empty frames.

Materials and methods
`;
const TAIL_3 = `

Results
Top-1 accuracy was 94% on the test images.
`;
const PLAIN_3: Record<number, string> = {
  1: "Between 2016 and 2019 we deployed 85 Bushnell camera traps along trails in three reserves.",
  2: "Each sample is a single 2048 × 1536 colour photograph; night images are greyscale infrared photographs.",
  3: "Species labels were assigned by volunteers on Zooniverse and checked by two mammalogists.",
  4: "Training images were randomly cropped, flipped and had their brightness changed.",
  5: "We used 310,000 labelled images from the Snapshot Serengeti dataset to pre-train and our own 42,000 images to fine-tune the network.",
  6: "Empty frames detected by MegaDetector were removed and the remaining images were cropped around each animal.",
  7: "We assigned whole camera stations to the training, validation or test set so that images from one station never appear in two sets.",
  8: "The training scripts are on GitHub (github.com/mata-lab/ct-species).",
  9: "All labelled images are published on LILA BC.",
  10: "Source code: https://github.com/mata-lab/ct-species",
  11: "The image archive is at https://lila.science/datasets/atlantic-forest-ct.",
  12: "We fine-tuned an EfficientNet-B3 pre-trained on ImageNet.",
  13: "Training ran for 25 epochs with a batch size of 32 and an initial learning rate of 0.001 that was halved every 5 epochs.",
  14: "We compared three learning rates (0.01, 0.001, 0.0001) and kept the one with the best validation accuracy.",
  15: "Optimisation used RMSprop with momentum 0.9.",
  16: "The model was trained for 25 epochs.",
  17: "Label smoothing of 0.1 and dropout before the final layer were used as regularisation.",
  18: "We monitored validation accuracy at the end of each epoch and kept the best checkpoint.",
  19: "The network was trained with TensorFlow 2.8 and the Keras API.",
  20: "Training took 14 hours on an NVIDIA Tesla V100.",
  21: "We inspected Grad-CAM heat maps and the confusion matrix to understand the errors.",
  22: "We report top-1 accuracy, top-5 accuracy and macro-averaged F1.",
  23: "To check transferability, the network was tested on 5,000 images from a fourth reserve.",
  24: "All results are means over three training runs with different random initialisations.",
  25: "The network assigns each image to one of 18 species or to the empty class.",
  26: "Species with fewer than 500 images were given larger weights in the loss function.",
  27: "The model was converted to TensorFlow Lite.",
  28: "It is used in a smartphone app that park rangers run offline in the field.",
};

// Two more, written after version 10's retraining and before the engine was run on them (first result:
// 18 and 17 of 28); the classes they exposed were fixed as classes (BENCHMARKS.md, version 10).
const HEAD_4 = `Semantic segmentation of coral reef photo-transects

Abstract
Benthic surveys photograph thousands of square metres of reef each year. We developed a deep neural network that labels every pixel of a transect photograph as hard coral, soft coral, algae, sand or other.

Methods
`;
const TAIL_4 = `

Results
Percent cover estimated by the network was within 3% of the manual estimates for 41 of the 45 transects.
`;
const PLAIN_4: Record<number, string> = {
  1: "Divers photographed 50 m transects with a Canon G7X camera in an underwater housing held 1 m above the substrate.",
  2: "The inputs are 5472 × 3648 pixel colour photographs saved in RAW format and converted to 16-bit TIFF.",
  3: "Pixel-wise masks were drawn by three trained observers in the Labelbox platform.",
  4: "To enlarge the training set, we applied random rotations, scaling between 0.8 and 1.2 and Gaussian blur.",
  5: "The network was trained on the CoralNet Moorea Labelled Corals dataset together with 1,200 of our own photographs.",
  6: "Photographs were colour-corrected with a white-balance card and tiled into 512 × 512 patches.",
  7: "Transects were randomly divided into 70% for training, 15% for validation and 15% for testing.",
  8: "The code is available in a public GitHub repository.",
  9: "The photographs and masks have been deposited in Zenodo.",
  10: "All code can be found at https://github.com/reefseg/reefseg.",
  11: "Data are available from https://doi.org/10.5281/zenodo.1234567.",
  12: "We used a U-Net with a ResNet-34 encoder.",
  13: "The batch size was 8, the initial learning rate 0.0001 and the weight decay 0.00001.",
  14: "Hyperparameters were selected by grid search on the validation set.",
  15: "The network was optimised with stochastic gradient descent with a momentum of 0.9.",
  16: "Training was stopped after 150 epochs, when the validation mean IoU no longer improved.",
  17: "Dropout with a rate of 0.3 was applied in the decoder.",
  18: "The validation IoU was computed after every epoch to follow training progress.",
  19: "The model was implemented with the segmentation_models_pytorch library on top of PyTorch 1.13.",
  20: "Training was performed on a workstation with an NVIDIA GeForce RTX 3090 graphics card.",
  21: "Class probabilities of overlapping tiles were averaged to produce the final mask.",
  22: "Performance was measured with the mean intersection over union and pixel accuracy.",
  23: "We evaluated the trained network on transects from the Red Sea to assess its generalisation to a different region.",
  24: "The random seed was fixed at 42 for all experiments.",
  25: "The goal is to segment benthic photographs into five cover classes.",
  26: "Because sand pixels dominated, we used a focal loss to reduce the influence of the majority class.",
  27: "After training, the network was packaged as a Python wheel with a command-line interface.",
  28: "Reef managers run the tool on their own laptops after each survey.",
};

const HEAD_5 = `Predicting bird species occurrence from climate and land cover with a multilayer perceptron

Abstract
Species distribution models usually rely on generalised linear models or random forests. Here we train a multilayer perceptron, a feed-forward neural network, to predict the occurrence of 120 breeding bird species across Germany.

Data and methods
`;
const TAIL_5 = `

Results
The network outperformed a random forest for 87 of the 120 species.
`;
const PLAIN_5: Record<number, string> = {
  1: "Occurrence records were downloaded from eBird and the German breeding bird atlas.",
  2: "Each sample is a vector of 19 bioclimatic variables and 12 land-cover fractions for one 1 km grid cell.",
  3: "Grid cells with at least one checklist reporting the species were labelled present, the others absent.",
  4: "We augmented the presence records by adding small random perturbations to the environmental predictors.",
  5: "Climate variables were taken from WorldClim 2.1 and land cover from CORINE 2018.",
  6: "All predictors were standardised to zero mean and unit variance.",
  7: "Grid cells were split into spatial blocks of 50 km, and blocks were assigned to five cross-validation folds.",
  8: "Scripts are hosted on Bitbucket.",
  9: "Processed predictor grids are stored on Figshare.",
  10: "The code is at https://bitbucket.org/sdm-lab/mlp-birds.",
  11: "The predictor grids can be downloaded from https://figshare.com/articles/dataset/mlp_birds/7654321.",
  12: "The model is a fully connected network with three hidden layers of 256, 128 and 64 units and ReLU activations.",
  13: "We used a learning rate of 0.005, a batch size of 1024 and trained for 200 epochs.",
  14: "The number of hidden units and the dropout rate were chosen by random search over 50 configurations.",
  15: "Weights were updated with the AdamW optimizer.",
  16: "We stopped training once the validation loss had not decreased for ten epochs.",
  17: "We applied dropout of 0.2 after each hidden layer and an L2 penalty on the weights.",
  18: "Learning curves of training and validation loss were plotted to detect overfitting.",
  19: "We used scikit-learn for preprocessing and PyTorch Lightning for the network.",
  20: "Models were trained on a laptop CPU (Intel Core i7, 32 GB RAM).",
  21: "Predicted probabilities were converted to presence or absence with the threshold that maximised the true skill statistic.",
  22: "Models were evaluated with AUC, the true skill statistic and Cohen's kappa.",
  23: "To test transferability in time, models fitted on 2005–2009 atlas data were evaluated on 2015–2019 records.",
  24: "Each configuration was trained with five different random seeds.",
  25: "The network predicts, for each grid cell, the probability that each species is present.",
  26: "To correct for unequal sampling effort, checklists were thinned so that each grid cell contributed at most ten.",
  27: "The fitted networks were saved in the ONNX format.",
  28: "Predicted maps are served through a web portal for conservation planners.",
};

// Two more, written as a held-out probe after the coral and birds fixes, before the engine was run on them
// (first result: 1 and 18 of 28; the bat paper's "lightweight convolutional network" was not taken for a deep
// network, so every deep-learning question said "no"). The classes they exposed were then fixed as classes.
const HEAD_6 = `Real-time identification of bat echolocation calls on low-power recorders

Abstract
Acoustic bat surveys are limited by the time needed to identify calls. We built a lightweight convolutional network that identifies 14 European bat species from their echolocation calls directly on the recorder.

Methods
`;
const TAIL_6 = `

Results
Species-level accuracy was 0.91 across all test nights.
`;
const PLAIN_6: Record<number, string> = {
  1: "Calls were recorded with AudioMoth devices placed at 60 roost and foraging sites in Bavaria during the summers of 2021 and 2022.",
  2: "The network receives 384 kHz full-spectrum WAV recordings cut into 100 ms segments.",
  3: "An expert listened to each segment and assigned the species using echolocation call parameters.",
  4: "We simulated distance by attenuating calls and mixed in insect and wind noise recorded at the same sites.",
  5: "In addition to our recordings, we used calls from the public ChiroVox library.",
  6: "Segments were converted to log-scaled spectrograms and normalised per frequency band.",
  7: "Data from 2021 formed the training set; the 2022 nights were held out as the test set.",
  8: "Source code is maintained on GitHub.",
  9: "The annotated call library is deposited in the Zenodo archive.",
  10: "Code: https://github.com/batlab/batnet-lite",
  11: "The call library is available at https://zenodo.org/records/9999999.",
  12: "The classifier is a MobileNetV3-Small adapted to single-channel spectrograms.",
  13: "Training used a batch size of 128, a learning rate of 0.002 and a cosine learning-rate schedule over 60 epochs.",
  14: "Learning rate and weight decay were tuned with a small grid on the validation nights.",
  15: "We optimised the cross-entropy loss with Adam.",
  16: "Training ended when the validation accuracy had not risen for eight epochs.",
  17: "Weight decay of 0.0005 and mixup were used to reduce overfitting.",
  18: "Loss and accuracy on the validation nights were plotted after every epoch.",
  19: "Models were built in PyTorch and converted with TensorFlow Lite Micro.",
  20: "All networks were trained on one NVIDIA RTX A6000 GPU.",
  21: "Segment predictions were aggregated per call sequence by majority vote.",
  22: "We report accuracy, balanced accuracy and per-species recall.",
  23: "The network was finally tested on recordings from Poland, a country not represented in the training data.",
  24: "The reported values are averages of five runs started from different random seeds.",
  25: "The model identifies the bat species that emitted each call sequence.",
  26: "Rare species were oversampled so that every species had at least 500 training segments.",
  27: "The trained network was quantised to 8-bit integers and flashed onto the recorder's microcontroller.",
  28: "It runs on the ARM Cortex-M4 of the AudioMoth recorder in the field.",
};

const HEAD_7 = `Tree species mapping from airborne LiDAR and hyperspectral data with a 3D convolutional network

Abstract
Forest inventories need species maps at the level of single trees. This study trains a three-dimensional convolutional neural network on fused LiDAR and hyperspectral data to classify individual tree crowns into eight species.

2 Material and methods
`;
const TAIL_7 = `

3 Results
Overall accuracy was 0.84 and kappa 0.80 on the test crowns.
`;
const PLAIN_7: Record<number, string> = {
  1: "Airborne data were acquired in July 2020 with a Riegl VQ-780i laser scanner and a HySpex VNIR-1800 camera mounted on the same aircraft.",
  2: "The input is a voxel grid of 32 × 32 × 64 cells holding point density and 186 hyperspectral bands per crown.",
  3: "Reference species for 2,316 crowns were identified in the field by foresters and matched to segmented crowns.",
  4: "Training crowns were rotated in steps of 90 degrees and mirrored to increase the number of samples.",
  5: "We used our own field inventory together with the public NEON tree crown dataset.",
  6: "Point clouds were height-normalised with a digital terrain model and bands with low signal-to-noise ratio were removed.",
  7: "Crowns were split by forest stand so that no stand contributed to both training and test data.",
  8: "The repository with all scripts is hosted on GitLab.",
  9: "Voxelised crowns are archived at PANGAEA.",
  10: "Code availability: https://gitlab.com/forest-rs/tree3dcnn",
  11: "Data availability: https://doi.pangaea.de/10.1594/PANGAEA.123456",
  12: "The architecture is a 3D CNN with four convolutional blocks followed by two fully connected layers.",
  13: "The network was trained with a mini-batch size of 16 and a learning rate of 0.0003 for 120 epochs.",
  14: "The number of convolutional blocks was chosen among two to six by comparing validation accuracy.",
  15: "Nesterov momentum SGD was used for optimisation.",
  16: "We kept the weights of the epoch with the lowest validation loss.",
  17: "Dropout (p = 0.5) between the fully connected layers limited overfitting.",
  18: "Validation accuracy was tracked during training to detect overfitting.",
  19: "The model was implemented in TensorFlow 2.10.",
  20: "Training took nine hours on two NVIDIA Quadro RTX 8000 GPUs.",
  21: "Per-crown predictions were smoothed with a majority filter over neighbouring crowns of the same stand.",
  22: "Accuracy was assessed with overall accuracy, Cohen's kappa and per-class F1 scores.",
  23: "To evaluate spatial transferability, the model was applied to a second forest 80 km away.",
  24: "Random seeds were fixed for weight initialisation and data shuffling.",
  25: "The network classifies each segmented tree crown into one of eight species.",
  26: "Since beech crowns were four times more frequent than the rarest species, we weighted the loss by inverse class frequency.",
  27: "The final model was exported as a TensorFlow SavedModel.",
  28: "The forest service runs it in a QGIS plugin on its GIS workstations.",
};

// Engine version 11: four more papers, written before the engine was run on them (first run: 18, 19, 14 and 17
// of 28). What they exposed was fixed as classes of statements (BENCHMARKS.md, "Engine version 11").
const HEAD_8 = `Classifying marine plankton in flow cytometry images with a convolutional network

Abstract
Imaging flow cytometers record millions of plankton images per day. We trained a convolutional neural network to sort them into taxonomic groups.

Methods
`;
const TAIL_8 = `

Results
Overall, 93% of the test images were assigned to the correct group.
`;
const PLAIN_8: Record<number, string> = {
  1: "The images were recorded by an Imaging FlowCytobot deployed at a coastal time-series station from 2016 to 2020.",
  2: "Every sample is a single-channel grey-level image of one particle, saved as a TIFF file.",
  3: "A plankton taxonomist assigned each image to one of 51 groups through a web-based sorting interface.",
  4: "To make the network invariant to orientation, each training image was flipped and rotated by a random multiple of 90 degrees.",
  5: "Our experiments use the WHOI-Plankton collection, which contains 3.4 million labelled images.",
  6: "Images were padded to a square, rescaled to 128 by 128 pixels and standardised with the mean and standard deviation of the training images.",
  7: "We kept the images of 2020 as the test set and used 2016 to 2019 for training and validation.",
  8: "The scripts used in this work are hosted on GitLab.",
  9: "All labelled images were archived in the Dryad Digital Repository.",
  10: "The trained model and the code are available from https://gitlab.com/planktonlab/ifcb-cnn.",
  11: "The image archive is accessible at https://doi.org/10.5061/dryad.abc123.",
  12: "The classifier is a DenseNet-121 pretrained on ImageNet, with its last layer replaced.",
  13: "We fine-tuned it for 30 epochs in mini-batches of 64 images with an initial learning rate of 0.001.",
  14: "The learning rate and the batch size were picked by trying a few values and keeping the best on the validation images.",
  15: "Parameters were updated with the Adam algorithm.",
  16: "Fine-tuning was ended once the validation accuracy stopped improving for five epochs.",
  17: "Overfitting was limited by a dropout layer with a rate of 0.5 before the output layer.",
  18: "We logged training and validation loss after each epoch and kept the checkpoint with the lowest validation loss.",
  19: "The network was built with TensorFlow and Keras.",
  20: "All experiments ran on a workstation with two NVIDIA Tesla V100 cards.",
  21: "Class probabilities below 0.6 were flagged as uncertain and passed to a human expert for checking.",
  22: "We report per-class precision and recall as well as the macro-averaged F1 score.",
  23: "To check how well the classifier transfers, we also applied it to images from a second instrument in another bay.",
  24: "We trained the network three times from different random initialisations and averaged the scores.",
  25: "The task is to assign each plankton image to a taxonomic group.",
  26: "Because rare groups have few images, the loss was weighted by the inverse frequency of each class.",
  27: "The final model was converted to TensorFlow Lite for use on the instrument.",
  28: "The classifier now runs on a Google Cloud virtual machine that receives the images in real time.",
};

const HEAD_9 = `Detecting frog calls in passive acoustic recordings with deep learning

Abstract
We develop a deep learning detector for the advertisement calls of three frog species in long field recordings.

Methods
`;
const TAIL_9 = `

Results
The detector found 88% of the annotated calls.

Discussion
Automated detection makes year-round acoustic monitoring of amphibians feasible.
`;
const PLAIN_9: Record<number, string> = {
  1: "Sound was recorded with AudioMoth devices placed at 12 ponds, each recording one minute in every ten.",
  2: "The network takes mel spectrograms computed from 3-second audio clips as its input.",
  3: "Calls were marked by hand in Raven Pro, with a start time, an end time and the species for each call.",
  4: "We enlarged the training data by mixing calls with background noise from other recordings and by shifting them in time.",
  5: "Training used our own set of 9,000 labelled clips; we also tested on the public AnuraSet.",
  6: "Recordings were resampled to 22.05 kHz and band-pass filtered between 500 Hz and 5 kHz before computing spectrograms.",
  7: "Ponds were assigned to folds, and we ran a five-fold cross-validation so that no pond appeared in both training and test data.",
  8: "Our implementation is published on Bitbucket.",
  9: "The labelled clips are shared through Figshare.",
  10: "Source code: https://bitbucket.org/frogsound/callnet.",
  11: "Data: https://figshare.com/articles/dataset/frog_calls/987654.",
  12: "We use a convolutional recurrent neural network: four convolutional blocks followed by a bidirectional GRU layer.",
  13: "The batch size was 32 and the network was trained for 80 epochs.",
  14: "Hyperparameter values were found with Bayesian optimisation using Optuna.",
  15: "We used the RMSprop optimiser with a learning rate of 0.0005.",
  16: "Training ran for a fixed 80 epochs.",
  17: "Batch normalisation after each convolution and an L2 penalty on the weights kept the network from overfitting.",
  18: "The F1 score on the validation fold was computed at the end of every epoch.",
  19: "The code relies on PyTorch and the torchaudio library.",
  20: "Models were trained on a computing cluster node with four NVIDIA A100 GPUs.",
  21: "Frame-wise probabilities were smoothed with a median filter and thresholded at 0.5 to obtain call events.",
  22: "Detection performance is given as precision, recall and the area under the precision-recall curve.",
  23: "The detector was also applied to recordings from a different country to assess how it performs on new sites.",
  24: "All random number generators were seeded with 42 so that the runs can be reproduced.",
  25: "Given a spectrogram, the network predicts for each time frame which of the three species is calling.",
  26: "Clips without calls were undersampled so that the classes were balanced during training.",
  27: "We provide the trained weights as an ONNX file and as a Python package that can be installed with pip.",
  28: "In the field, the detector runs directly on a Raspberry Pi attached to the recorder.",
};

const HEAD_10 = `Mapping wetland cover from Sentinel-2 imagery with a U-Net

Abstract
We map wetland vegetation classes from satellite images with a deep convolutional segmentation network.

Study area and data
`;
const TAIL_10 = `

Results
The map had an overall accuracy of 0.89.
`;
const PLAIN_10: Record<number, string> = {
  1: "We downloaded cloud-free Sentinel-2 Level-2A scenes of the study area from the Copernicus hub for the years 2019 to 2021.",
  2: "The network's input consists of 256 × 256 pixel tiles with ten spectral bands.",
  3: "Reference masks were drawn by photo-interpreters on aerial orthophotos, with each pixel assigned one of six cover classes.",
  4: "Tiles were randomly mirrored and small amounts of Gaussian noise were added to the reflectance values.",
  5: "The network was trained and evaluated on a dataset we assembled from 420 labelled tiles.",
  6: "All bands were resampled to 10 m and each band was scaled to zero mean and unit variance.",
  7: "Sixty percent of the tiles were used for training, twenty percent for validation and twenty percent for testing, with tiles kept apart in space.",
  8: "The code of this study is on GitHub.",
  9: "The reference masks are deposited in Zenodo.",
  10: "See https://github.com/wetmap/unet-s2 for the training and prediction scripts.",
  11: "The masks can be downloaded at https://zenodo.org/records/7654321.",
  12: "We use the U-Net architecture with a ResNet-34 encoder.",
  13: "Training used a learning rate of 1e-4 and a batch size of 8 for 150 epochs.",
  14: "We tuned the learning rate, the depth of the encoder and the loss weights with a random search.",
  15: "The network weights were learned with stochastic gradient descent with momentum 0.9.",
  16: "We stopped training early when the validation loss did not decrease for 15 epochs.",
  17: "Weight decay of 1e-5 was used as regularisation.",
  18: "Validation intersection over union was monitored throughout training with TensorBoard.",
  19: "The model was implemented with the segmentation_models_pytorch package.",
  20: "Training took about six hours on one NVIDIA GeForce RTX 2080 Ti.",
  21: "Predicted tiles were mosaicked and small patches under 0.5 ha were removed with a majority filter.",
  22: "Accuracy was assessed with per-class intersection over union, overall accuracy and Cohen's kappa.",
  23: "The model was also evaluated on a second wetland 200 km away that was not used in training.",
  24: "Results are averages over five runs with different seeds.",
  25: "The network segments each tile, labelling every pixel with a cover class.",
  26: "Because open water dominates, we used a focal loss to give more weight to the rare vegetation classes.",
  27: "The trained network was exported in TorchScript format and wrapped in a QGIS plugin.",
  28: "The plugin runs the model on the user's desktop computer; no GPU is required for prediction.",
};

const HEAD_11 = `Reading herbarium specimen labels with a transformer language model

Abstract
Digitised herbarium sheets carry handwritten and typed labels. We fine-tuned a transformer to extract the collector, date and locality from label text.

Materials and methods
`;
const TAIL_11 = `

Results
The model extracted the locality correctly for 84% of the labels.
`;
const PLAIN_11: Record<number, string> = {
  1: "Label text was obtained by running optical character recognition on 25,000 scanned specimen sheets from our herbarium.",
  2: "The model reads the label as plain text, one sequence of words per specimen.",
  3: "Curators tagged the words of each label as collector, date, locality or other, using the Doccano annotation tool.",
  4: "To add variety, we randomly deleted and swapped characters in the training labels to imitate OCR errors.",
  5: "Besides our own labels, we trained on the publicly released GBIF herbarium label corpus.",
  6: "OCR output was lower-cased, line breaks were removed, and labels longer than 256 tokens were truncated.",
  7: "The labelled specimens were divided 8:1:1 into training, development and test portions.",
  8: "All code is published in a public GitHub repository.",
  9: "The annotated label texts are available from the Zenodo repository.",
  10: "The code is at https://github.com/herbnlp/labelbert.",
  11: "The annotations are archived under https://doi.org/10.5281/zenodo.5550001.",
  12: "We fine-tuned BERT-base, a transformer encoder, with a token classification head.",
  13: "Fine-tuning used a learning rate of 3e-5, a batch size of 16, a warm-up of 500 steps and 4 epochs.",
  14: "We did not search hyperparameters and kept the values recommended for BERT fine-tuning.",
  15: "The optimizer was AdamW.",
  16: "Fine-tuning ran for four epochs, after which the development loss no longer fell.",
  17: "A dropout rate of 0.1 was applied to all layers.",
  18: "Every 200 steps the model was scored on the development set, and the best checkpoint was retained.",
  19: "We used the Hugging Face Transformers library.",
  20: "Fine-tuning was done on a Google Colab instance with one Tesla T4 GPU.",
  21: "Adjacent tokens with the same predicted tag were merged into entities, and dates were normalised to ISO format.",
  22: "We evaluate with entity-level precision, recall and F1.",
  23: "We also tested the model on labels from two other herbaria to see whether it works on unseen collections.",
  24: "Each configuration was fine-tuned with three random seeds; we report mean and standard deviation.",
  25: "The model performs named entity recognition on label text.",
  26: "Labels from under-represented collectors were oversampled during training.",
  27: "The fine-tuned model is deployed behind a REST API that our collection database calls.",
  28: "The API runs on an AWS EC2 instance.",
};

// Engine version 12: four more papers, written and run once before any change (59 of 112 statements answered
// alone, 81 of 112 with all 28 in one paper), then fitted as classes of statements (BENCHMARKS.md).
const HEAD_12 = `Counting whiteflies on yellow sticky traps with a convolutional network

Abstract
Greenhouse growers monitor pests with sticky traps that are counted by hand. We automate the counts with deep learning.

2 Material and methods
`;

const TAIL_12 = `

3 Results
The automated counts agreed closely with those of trained scouts.
`;

const PLAIN_12: Record<number, string> = {
  1: "Traps were hung in 12 commercial tomato greenhouses and photographed weekly with a smartphone mounted on a copy stand.",
  2: "Each trap image is a 4032 × 3024 JPEG photograph.",
  3: "An entomologist drew a point on every whitefly and every thrips, giving 48,310 labelled insects.",
  4: "To make the network robust to lighting, brightness and contrast were jittered and images were mirrored at random.",
  5: "All experiments use the 1,204 trap photographs collected in this project; no external data were used.",
  6: "Trap borders were cropped away, colours were white-balanced against the yellow background and photographs were downscaled to half resolution.",
  7: "Greenhouses rather than images were assigned to the subsets: eight for training, two for validation and two for testing.",
  8: "Our implementation is hosted in a public GitLab project.",
  9: "Trap photographs and point labels are deposited in the Dryad Digital Repository.",
  10: "See https://gitlab.com/agri-vision/whitefly-count for the code.",
  11: "Data: https://doi.org/10.5061/dryad.8w9ghx3q1.",
  12: "The counting model is a U-Net that predicts a density map of insect positions.",
  13: "Training used a batch size of 8, an initial learning rate of 1e-4 and 150 epochs.",
  14: "The width of the Gaussian kernel used for the density targets was chosen from three candidates by validation error.",
  15: "Weights were updated with AdamW.",
  16: "Training was stopped once the validation counting error had not improved for 15 epochs.",
  17: "Dropout of 0.3 was inserted before the last convolution to limit overfitting.",
  18: "Counting error on the validation greenhouses was logged every epoch, and the checkpoint with the lowest error was kept.",
  19: "The network was written in Keras on top of TensorFlow 2.10.",
  20: "Models were trained on a workstation with two NVIDIA RTX A5000 cards.",
  21: "The predicted density maps were summed to give the count per trap, and counts below 0.5 were set to zero.",
  22: "Counting accuracy is reported as mean absolute error and the coefficient of determination against manual counts.",
  23: "Because the two test greenhouses grew a different tomato cultivar and used another trap brand, the test measures transfer to new conditions.",
  24: "Results are the mean and standard deviation over three training runs started from different random initialisations.",
  25: "The task is to estimate how many whiteflies are stuck to each trap.",
  26: "Since most trap patches contain no insects, empty patches were undersampled to a quarter during training.",
  27: "After training, the network was converted to TensorFlow Lite and built into an Android app.",
  28: "Growers use the app on their own phones directly in the greenhouse.",
};

const HEAD_13 = `Identifying reef fish species in baited underwater video

Abstract
Baited remote underwater video is a standard survey method, but annotating the footage is slow. We train a deep-learning detector and classifier to identify fish species automatically.

2 Methods
`;

const TAIL_13 = `

3 Results
The system identified the ten most common species reliably.
`;

const PLAIN_13: Record<number, string> = {
  1: "Footage was recorded with stereo GoPro cameras deployed on baited frames at 64 sites along the Ningaloo coast.",
  2: "The inputs are video frames extracted at one frame per second from 1080p recordings.",
  3: "Marine biologists outlined each fish with a bounding box and gave it a species name in the VIAME annotation tool.",
  4: "Frames were randomly cropped, rotated by up to 15 degrees and given synthetic blur and colour shifts to imitate turbid water.",
  5: "We combined our own annotated footage with the public Fish4Knowledge collection.",
  6: "Frames were colour-corrected for underwater light absorption and resized to 640 pixels on the long side.",
  7: "Video deployments were split by site, with 70% of sites for training, 10% for validation and 20% for testing.",
  8: "All scripts are in a repository on GitHub.",
  9: "The annotated frames are archived on Figshare.",
  10: "https://github.com/reefvision/bruv-fish",
  11: "The frames can be downloaded from https://figshare.com/articles/dataset/22345678.",
  12: "Detection uses YOLOv8m and species are assigned by an EfficientNet-B3 classifier applied to each detected fish.",
  13: "The classifier was fine-tuned for 40 epochs with a learning rate of 3e-4, label smoothing of 0.1 and batches of 64 crops.",
  14: "Hyperparameters of the classifier were tuned with Optuna over 50 trials.",
  15: "We optimised with stochastic gradient descent and a momentum of 0.9.",
  16: "Training ended after 40 epochs.",
  17: "Mixup and weight decay of 5e-4 were used as regularisers.",
  18: "Loss and top-1 accuracy on the validation sites were tracked throughout training with TensorBoard.",
  19: "Both networks were trained with the Ultralytics package and PyTorch.",
  20: "A single NVIDIA A100 GPU with 40 GB was used for training.",
  21: "Per-frame identifications were aggregated over each video by taking the maximum number of individuals seen in any frame (MaxN).",
  22: "We report mean average precision for detection and macro-averaged F1 for species classification.",
  23: "We also applied the models, without retraining, to footage from a different reef system to test how well they transfer.",
  24: "All random number generators were seeded with 1234.",
  25: "The models detect fish in each frame and classify them to species.",
  26: "Rare species were oversampled so that each species contributed at least 500 crops per epoch.",
  27: "The trained models were packaged as a plug-in for the EventMeasure annotation software.",
  28: "Analysts run the plug-in on desktop computers at the marine institute.",
};

const HEAD_14 = `Mapping crop types from Sentinel-2 time series with a temporal attention network

Abstract
Annual crop maps support agricultural statistics. We classify crop types per parcel from satellite image time series with a deep network.

2 Data and methods
`;

const TAIL_14 = `

3 Results
The maps reached high overall accuracy in both test regions.
`;

const PLAIN_14: Record<number, string> = {
  1: "Parcel boundaries and declared crops came from the farmers' subsidy applications of the Land Parcel Identification System in Bavaria.",
  2: "Each parcel is represented by a time series of Sentinel-2 reflectances in ten spectral bands.",
  3: "Crop labels were taken from the farmers' declarations and checked against field visits for a sample of 2,000 parcels.",
  4: "During training, acquisition dates were randomly dropped and pixels were resampled within each parcel.",
  5: "We evaluate on the public BreizhCrops benchmark in addition to our Bavarian parcels.",
  6: "Cloudy observations were masked with the scene classification layer and reflectances were standardised per band.",
  7: "Parcels of 2019 and 2020 were used for training and validation and parcels of 2021 for testing.",
  8: "The code has been released on GitHub.",
  9: "The parcel time series are published on Zenodo.",
  10: "Code: https://github.com/cropmaps/tae-bavaria",
  11: "Time series: https://doi.org/10.5281/zenodo.7654321",
  12: "We use a transformer encoder with temporal attention over the acquisition dates.",
  13: "The network has 3 layers and 4 attention heads and was trained with a learning rate of 0.001 and batches of 256 parcels for 100 epochs.",
  14: "The number of layers and heads was selected by a random search on the validation year.",
  15: "The Adam optimiser was used.",
  16: "Early stopping with a patience of 10 epochs on the validation loss ended training.",
  17: "We applied dropout of 0.2 and L2 regularisation on the attention weights.",
  18: "Validation accuracy was computed after every epoch.",
  19: "The model was implemented in PyTorch Lightning.",
  20: "Experiments ran on a cluster node with four Tesla V100 GPUs.",
  21: "Parcel predictions were mapped back onto the parcel polygons to produce a wall-to-wall crop map.",
  22: "Maps are assessed with overall accuracy, Cohen's kappa and per-class F1-scores.",
  23: "Testing on a later year than any used for training shows whether the model holds up under different weather.",
  24: "We repeated every experiment with five seeds and report the spread.",
  25: "The model assigns each parcel to one of 17 crop classes.",
  26: "The loss was weighted by the inverse square root of class frequency to counter the dominance of maize and grassland.",
  27: "The final model was exported in ONNX format.",
  28: "It runs as a scheduled job on Google Cloud to map each new season.",
};

const HEAD_15 = `Automatic detection of tree-ring boundaries in wood cross-section scans

Abstract
Measuring ring widths by hand limits dendrochronology. We detect ring boundaries in scanned cores with a segmentation network.

2 Methods
`;

const TAIL_15 = `

3 Results
Ring widths matched manual measurements for most cores.
`;

const PLAIN_15: Record<number, string> = {
  1: "Increment cores were taken at breast height from 310 Scots pine and Norway spruce trees in three Finnish forests and scanned at 2400 dpi.",
  2: "The network takes grey-scale image tiles of the scanned core surfaces as input.",
  3: "Ring boundaries were traced as polylines by two dendrochronologists, and disagreements were settled jointly.",
  4: "Tiles were flipped, rotated by 180 degrees and distorted elastically to mimic irregular ring shapes.",
  5: "Only the scanned cores of this study are used for training and evaluation.",
  6: "Scans were converted to grey scale, contrast-stretched, and split into overlapping 512 × 512 tiles.",
  7: "We used five-fold cross-validation in which each fold holds out whole trees.",
  8: "The source code is publicly accessible in a Bitbucket repository.",
  9: "Scans and tracings can be obtained from the PANGAEA data repository.",
  10: "https://bitbucket.org/dendro-lab/ringseg",
  11: "https://doi.pangaea.de/10.1594/PANGAEA.955555",
  12: "A DeepLabv3+ model with a MobileNetV2 encoder segments the ring boundaries.",
  13: "We set the batch size to 16, the learning rate to 5e-4 and trained for 80 epochs.",
  14: "Learning rate and loss weights were tuned manually in preliminary runs.",
  15: "The network was optimised with RMSprop.",
  16: "Training was terminated after 80 epochs.",
  17: "Batch normalisation and a weight decay of 1e-5 kept the model from overfitting.",
  18: "We monitored the Dice score on the held-out fold during training.",
  19: "We used the segmentation_models_pytorch library.",
  20: "A laptop GPU, an NVIDIA GeForce RTX 3070, was sufficient for training.",
  21: "Predicted boundary masks were thinned to one-pixel lines and ring widths were measured between consecutive lines.",
  22: "Boundary detection is evaluated with precision, recall and the Dice coefficient.",
  23: "Including cores of two species and three sites in training was meant to make the model applicable to other conifer collections.",
  24: "Seeds were fixed for weight initialisation and data shuffling.",
  25: "The network segments ring boundaries in images of wood cores.",
  26: "Because boundary pixels are rare, a focal loss was used to give them more weight.",
  27: "The trained model was wrapped in a Python command-line tool.",
  28: "Users run the tool on an ordinary desktop computer with or without a GPU.",
};

/**
 * Questions the engine still misses in a frame; each is a known gap, not a pass.
 * - Coral CQ6 ("colour-corrected with a white-balance card and tiled into 512 × 512 patches"): no preprocessing
 *   cue for colour correction or tiling.
 * - Bats, trees, whales and crop types CQ5 (a public dataset used together with one's own data): decided by the
 *   learned layer, which rates these short papers low. Since engine version 11 the sentence scorer also learns
 *   from the plain sentences of the LLMs' answers, but a dataset named once, beside one's own, stays under 0.5
 *   (coral's passes since version 12, with "our own … footage / images" as a class of the study's own data).
 * - Crop types CQ1 ("Parcel boundaries and declared crops came from the farmers' subsidy applications"):
 *   administrative records as the data source; "came from" alone is too weak a cue.
 * - Crop types CQ4 ("acquisition dates were randomly dropped and pixels were resampled"): augmentation of a time
 *   series, without the word and without an image transform.
 * - Birds CQ3 ("Grid cells … were labelled present, the others absent"): labels derived by a rule from
 *   records are annotation in the question's sense, but "labelled" alone is too weak a cue.
 * - Bats CQ4 ("mixed in insect and wind noise"): noise mixing without the word "augment" or a stated aim
 *   weighs 0.75 of the 1.5 needed.
 * - Herbarium CQ14 ("We did not search hyperparameters and kept the values recommended for BERT"): how the
 *   values were chosen, said as a negation; the negation wins.
 */
const KNOWN_MISSES: Readonly<Record<string, ReadonlySet<number>>> = {
  pollinators: new Set(),
  whales: new Set([5]),
  "camera traps": new Set(),
  coral: new Set([6]),
  birds: new Set([3]),
  bats: new Set([4, 5]),
  trees: new Set([5]),
  plankton: new Set(),
  frogs: new Set(),
  landcover: new Set(),
  herbarium: new Set([14]),
  "sticky traps": new Set(),
  "reef fish": new Set(),
  "crop types": new Set([1, 4, 5]),
  "tree rings": new Set(),
};

const FRAME_ANSWERS = new Set([22, 25]);

const engine = createExtractiveEngine();

/** A short paper made of a frame and one statement, answered by the default engine. */
function answerPlain(question: Question, statement: string, frame: Frame = FRAMES[0]): Answer {
  const document = buildDocument({
    id: `plain-${frame.name.replace(/ /g, "-")}-${question.cq}`,
    path: `plain-${frame.name.replace(/ /g, "-")}-${question.cq}.txt`,
    pages: [frame.head + statement + frame.tail],
  });
  const chunks = chunkDocument(document, "sections");
  return engine.answer({ document, chunks, retrieve: createMemoryRetriever(chunks) }, question) as Answer;
}

interface Frame {
  name: string;
  head: string;
  tail: string;
  statements: Record<number, string>;
  /** Questions the frame answers by itself (a result naming a metric, an abstract naming the task). */
  answersItself: ReadonlySet<number>;
}

const FRAMES: readonly Frame[] = [
  { name: "pollinators", head: HEAD, tail: TAIL, statements: PLAIN, answersItself: FRAME_ANSWERS },
  { name: "whales", head: HEAD_2, tail: TAIL_2, statements: PLAIN_2, answersItself: new Set([25]) },
  { name: "camera traps", head: HEAD_3, tail: TAIL_3, statements: PLAIN_3, answersItself: new Set([22, 25]) },
  { name: "coral", head: HEAD_4, tail: TAIL_4, statements: PLAIN_4, answersItself: new Set([25]) },
  { name: "birds", head: HEAD_5, tail: TAIL_5, statements: PLAIN_5, answersItself: new Set([25]) },
  { name: "bats", head: HEAD_6, tail: TAIL_6, statements: PLAIN_6, answersItself: new Set([25]) },
  { name: "trees", head: HEAD_7, tail: TAIL_7, statements: PLAIN_7, answersItself: new Set([2, 25]) },
  { name: "plankton", head: HEAD_8, tail: TAIL_8, statements: PLAIN_8, answersItself: new Set([2, 12]) },
  { name: "frogs", head: HEAD_9, tail: TAIL_9, statements: PLAIN_9, answersItself: new Set([2]) },
  { name: "landcover", head: HEAD_10, tail: TAIL_10, statements: PLAIN_10, answersItself: new Set([2, 22, 25]) },
  { name: "herbarium", head: HEAD_11, tail: TAIL_11, statements: PLAIN_11, answersItself: new Set([2, 12]) },
  { name: "sticky traps", head: HEAD_12, tail: TAIL_12, statements: PLAIN_12, answersItself: new Set([25]) },
  { name: "reef fish", head: HEAD_13, tail: TAIL_13, statements: PLAIN_13, answersItself: new Set([25]) },
  { name: "crop types", head: HEAD_14, tail: TAIL_14, statements: PLAIN_14, answersItself: new Set([2, 25]) },
  { name: "tree rings", head: HEAD_15, tail: TAIL_15, statements: PLAIN_15, answersItself: new Set([25]) },
];

for (const frame of FRAMES) {
  describe(`one plain statement per question, in a short deep-learning paper (${frame.name})`, () => {
    for (const question of builtinQuestions()) {
      const statement = frame.statements[question.cq];
      const known = KNOWN_MISSES[frame.name]?.has(question.cq) ?? false;
      test(`CQ${question.cq} ${question.label}`, { todo: known ? "known gap (see KNOWN_MISSES)" : undefined }, () => {
        const a = answerPlain(question, statement, frame);
        assert.equal(a.reported, "yes", `CQ${question.cq}: ${a.answer}`);
        const quoted = a.evidence.some((e) => statement.includes(e.quote) || e.quote.includes(statement));
        assert.ok(quoted || frame.answersItself.has(question.cq), "quotes the statement");
        assert.ok(!a.flags?.includes("non-dl-paper"), "the paper's own claim makes it a deep-learning paper");
      });
    }

    test("without the statement, the same paper answers 'no' to the questions it does not address", () => {
      const noStatement = [3, 8, 9, 10, 11, 14, 16, 20, 24, 26, 27, 28];
      for (const question of builtinQuestions().filter((q) => noStatement.includes(q.cq))) {
        assert.equal(answerPlain(question, "", frame).reported, "no", `CQ${question.cq} without its statement`);
      }
    });
  });
}
