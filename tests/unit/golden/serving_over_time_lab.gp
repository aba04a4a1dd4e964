# flopcast chart template: an actor's serving over time: tokens/day demanded, the serving
# chips' capacity and what is served (upper panel); the active chips split between serving and
# training (lower panel).
#
# flopcast fills the @...@ fields and writes this script beside its data file serving_over_time_lab.dat (one
# row per period: period, demand, serving capacity and served in T tokens/day, then serving and
# training chips in thousands) and the images serving_over_time_lab.svg, .png and .pdf. Restyle by editing the
# written copy and running:  gnuplot serving_over_time_lab.gp
title_text    = "toy-projection: serving demand and capacity of lab (CN)"
subtitle_text = "serving first, best-suited chips serve the demand (ref-service fast mode), the rest train"
source_text   = "flopcast test | scenario scenarios/toy-projection.yaml | capacity: 8-bit, best replica (eq. P10)"
data_file     = "serving_over_time_lab.dat"
n_periods     = 2

# Served: light solid bars; demand: red dashed line with squares; capacity: dark dotted line
# with circles; serving chips: dark solid, training chips: hatched. Apart in greyscale too.
served_colour   = "#9bb3d1"
demand_colour   = "#b2182b"
capacity_colour = "#1b3a5c"
serving_colour  = "#1b3a5c"
training_colour = "#4d4d4d"

set grid ytics lc rgb "#c8c8c8"
set xrange [-0.6:n_periods - 0.4]
set yrange [0:*]
set offsets 0, 0, graph 0.08, 0
set lmargin at screen 0.10
set rmargin at screen 0.95
set format y "%g"
set boxwidth 0.75
set style histogram rowstacked

top_plot = 'plot data_file using 0:4 with boxes fs solid 1.0 border rgb "black" lc rgb served_colour title "Served", \
  data_file using 0:2 with linespoints lw 2.5 dt 2 pt 5 ps 1.1 lc rgb demand_colour title "Demand", \
  data_file using 0:3 with linespoints lw 2 dt 3 pt 7 ps 0.9 lc rgb capacity_colour title "Serving capacity", \
  NaN with boxes fs solid 1.0 border rgb "black" lc rgb serving_colour title "Serving chips", \
  NaN with boxes fs pattern 4 border rgb "black" lc rgb training_colour title "Training chips"'
bottom_plot = 'plot data_file using 5:xtic(1) with histograms fs solid 1.0 border rgb "black" lc rgb serving_colour notitle, \
  data_file using 6 with histograms fs pattern 4 border rgb "black" lc rgb training_colour notitle'

draw = 'set multiplot; \
  set label 3 title_text at screen 0.5, screen 0.968 center font ",14"; \
  set label 4 subtitle_text at screen 0.5, screen 0.935 center font ",11"; \
  set key at screen 0.5, screen 0.91 center top horizontal maxcols 5 samplen 2.5 box opaque width 1; \
  set tmargin at screen 0.82; set bmargin at screen 0.54; \
  set ylabel "Tokens/day (trillions)"; unset xlabel; set xtics 1 format ""; set xtics rotate by 0; \
  eval top_plot; \
  unset label 3; unset label 4; \
  unset key; \
  set tmargin at screen 0.51; set bmargin at screen 0.17; \
  set ylabel "Active chips (thousands)"; set xlabel "Period"; set xtics format "% g" rotate by -45; \
  set label 1 source_text at screen 0.01, screen 0.015 font ",9" tc rgb "#555555"; \
  eval bottom_plot; \
  unset label 1; \
  unset multiplot'

set terminal svg size 960,720 dynamic font "sans,12" background rgb "white" noenhanced
set output "serving_over_time_lab.svg"
eval draw

set terminal pngcairo size 960,720 font "sans,11" background rgb "white" noenhanced
set output "serving_over_time_lab.png"
eval draw

set terminal pdfcairo size 6.4in,4.8in font "sans,11" linewidth 0.5 pointscale 0.5 dashlength 2 background rgb "white" noenhanced
set output "serving_over_time_lab.pdf"
eval draw
unset output
