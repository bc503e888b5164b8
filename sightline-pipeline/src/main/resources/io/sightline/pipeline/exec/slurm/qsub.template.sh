#!/bin/bash
# Sightline's sbatch template, in CryoBoost's qsub style (docs/pipelines-slurm.md). A line whose
# resource slot has no value is left out; the executor adds --job-name, --chdir and --array on the command
# line and writes the RELION markers itself.
#SBATCH --partition=XXXextra1XXX
#SBATCH --constraint="XXXextra2XXX"
#SBATCH --nodes=XXXextra3XXX
#SBATCH --ntasks-per-node=XXXextra4XXX
#SBATCH --cpus-per-task=XXXextra5XXX
#SBATCH --gres=XXXextra6XXX
#SBATCH --mem=XXXextra7XXX
#SBATCH --time=XXXextra8XXX
#SBATCH --output=XXXoutfileXXX
#SBATCH --error=XXXerrfileXXX

# RELION 5 reads numbers with the C locale (3dem/relion#1167).
export LC_ALL=C
XXXcommandXXX
