# flopcast chart template: an actor's installed compute over time: effective compute stacked by
# chip type, the dense peak of the active chips as lines.
#
# flopcast fills the @...@ fields and writes this script beside its data file capacity_over_time_lab.dat (period,
# then one column per chip type: effective EFLOP/s of that type's active chips, then the dense
# peak EFLOP/s of all active chips in BF16 and in each chip's training precision) and the images
# capacity_over_time_lab.svg, .png and .pdf. Restyle by editing the written copy and running:  gnuplot capacity_over_time_lab.gp
title_text  = "toy-projection: peak and effective compute of lab (CN)"
source_text = "flopcast test | scenario scenarios/toy-projection.yaml | effective = model FLOP/s of ref-model (best layout) on the active chips"
data_file   = "capacity_over_time_lab.dat"
n_chips     = 2
array chip_name[n_chips] = ["npu", "gpu"]
show_bf16           = 1   # 0: no chip of the actor has a BF16 figure, no BF16 line
peak_bf16_title     = "Peak BF16 dense (excl. npu)"
peak_training_title = "Peak FP8 dense (BF16 where no FP8)"
n_entries           = n_chips + 1 + show_bf16

set label 3 title_text at screen 0.5, screen 0.962 center font ",14" noenhanced
set key at screen 0.5, screen 0.925 center top horizontal maxcols 3 samplen 2.5 box opaque width 1 noenhanced
set tmargin at screen (0.89 - 0.035 * ceil(n_entries / 3.0))
set bmargin at screen 0.17
set rmargin 6  # room for the last rotated period label
set ylabel "Compute (EFLOP/s)"
set xlabel "Period"
set yrange [0:*]
set grid ytics lc rgb "#c8c8c8"
set xtics rotate by -45 noenhanced
set style data histograms
set style histogram rowstacked
set boxwidth 0.75
# A different fill pattern per chip type keeps the stack readable in greyscale; the two peak
# lines differ in dash type and point shape.
set style fill pattern border rgb "black"
set label 1 source_text at screen 0.01, screen 0.015 font ",9" tc rgb "#555555" noenhanced
chip_colour(i) = word("#1b3a5c #b2182b #4d4d4d #2166ac #8c510a #01665e #762a83 #e08214", (i - 2) % 8 + 1)

# The peak lines are drawn over the bars: training precision (the ceiling of the effective
# figures, which are measured in it), then BF16.
plot_it = 'plot for [i=2:n_chips+1] data_file using i:xtic(1) title "effective: ".chip_name[i-1] fs pattern (i - 2) % 8 lc rgb chip_colour(i), \
  data_file using 0:(column(n_chips + 3)) with linespoints lw 2 dt 2 pt 4 ps 1.1 lc rgb "#b2182b" title peak_training_title'
if (show_bf16) {
  plot_it = plot_it . ', data_file using 0:(column(n_chips + 2)) with linespoints lw 2.5 dt 1 pt 7 ps 1.1 lc rgb "black" title peak_bf16_title'
}

set terminal svg size 960,600 dynamic font "sans,12" background rgb "white"
set output "capacity_over_time_lab.svg"
eval plot_it
set terminal pngcairo size 960,600 font "sans,11" background rgb "white"
set output "capacity_over_time_lab.png"
eval plot_it
set terminal pdfcairo size 9.6in,6in font "sans,9" background rgb "white"
set output "capacity_over_time_lab.pdf"
eval plot_it
