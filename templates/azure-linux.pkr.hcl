# galley stock template for Rosco Azure bakes of Linux images (Packer's azure-arm builder).
#
# Variable names are exactly the ones Rosco passes with -var. An HCL2 template must declare every
# variable it is given: Packer stops with "Undefined -var variable" on any other. So this template
# also declares the two that Rosco's own azure-linux.pkr.hcl leaves out although Rosco passes them:
# azure_object_id (whenever the account has an objectId) and appversion (whenever one is built).
# A variable without a default is one Rosco always passes; the others default to "" (not passed).
#
# The source is a marketplace image (publisher, offer, sku from the base image or the bake
# request), or a managed image when the bake request names one (custom_managed_image_name): the
# image must then be in the account's packerResourceGroup. Only one of the two may be given.

variable "azure_location" {
  type = string
}

variable "azure_image_publisher" {
  type    = string
  default = ""
}

variable "azure_image_offer" {
  type    = string
  default = ""
}

variable "azure_image_sku" {
  type    = string
  default = ""
}

variable "azure_custom_managed_image_name" {
  type    = string
  default = ""
}

variable "azure_client_id" {
  type      = string
  default   = ""
  sensitive = true
}

variable "azure_client_secret" {
  type      = string
  default   = ""
  sensitive = true
}

# Where the baked managed image is written: the account's packerResourceGroup.
variable "azure_resource_group" {
  type = string
}

variable "azure_subscription_id" {
  type    = string
  default = ""
}

variable "azure_tenant_id" {
  type    = string
  default = ""
}

# Passed by Rosco whenever the account has an objectId; azure-arm needs it for Windows only.
variable "azure_object_id" {
  type    = string
  default = ""
}

variable "azure_managed_image_name" {
  type = string
}

# Not passed by Rosco: give another size with --extended-attribute azure_vm_size=SIZE.
variable "azure_vm_size" {
  type    = string
  default = "Standard_DS2_v2"
}

variable "package_type" {
  type = string
}

variable "packages" {
  type    = string
  default = ""
}

variable "repository" {
  type    = string
  default = ""
}

variable "upgrade" {
  type    = string
  default = ""
}

variable "build_host" {
  type    = string
  default = ""
}

variable "appversion" {
  type    = string
  default = ""
}

variable "configDir" {
  type = string
}

source "azure-arm" "linux" {
  client_id       = var.azure_client_id
  client_secret   = var.azure_client_secret
  subscription_id = var.azure_subscription_id
  tenant_id       = var.azure_tenant_id

  image_publisher = var.azure_image_publisher
  image_offer     = var.azure_image_offer
  image_sku       = var.azure_image_sku

  custom_managed_image_name                = var.azure_custom_managed_image_name
  custom_managed_image_resource_group_name = var.azure_custom_managed_image_name == "" ? "" : var.azure_resource_group

  location                          = var.azure_location
  managed_image_name                = var.azure_managed_image_name
  managed_image_resource_group_name = var.azure_resource_group

  os_type = "Linux"
  vm_size = var.azure_vm_size

  # Spinnaker reads the application and build back from the image's tags.
  azure_tags = {
    appversion = var.appversion
    build_host = var.build_host
    baked_by   = "spinnaker"
  }
}

build {
  sources = ["source.azure-arm.linux"]

  # Give the fresh VM time to finish booting: cloud-init and the package manager's own updates hold its lock.
  provisioner "shell" {
    pause_before = "20s"
    script       = "${var.configDir}/install_packages.sh"
    environment_vars = [
      "repository=${var.repository}",
      "package_type=${var.package_type}",
      "packages=${var.packages}",
      "upgrade=${var.upgrade}",
    ]
  }

  # Generalize the VM so that the image can start new ones: the Azure agent removes the
  # provisioning user, host keys and DHCP leases. Must be the last step.
  provisioner "shell" {
    execute_command = "chmod +x {{ .Path }}; {{ .Vars }} sudo -E sh '{{ .Path }}'"
    inline          = ["/usr/sbin/waagent -force -deprovision+user && export HISTSIZE=0 && sync"]
    inline_shebang  = "/bin/sh -x"
  }
}
