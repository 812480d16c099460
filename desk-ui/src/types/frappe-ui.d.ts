// frappe-ui publishes its TypeScript sources rather than declarations, and those sources do not
// type-check under this project's strict settings. This declaration covers the components the
// page uses, with the props it passes, so vue-tsc never descends into node_modules/frappe-ui.
declare module "frappe-ui" {
  import type { DefineComponent } from "vue";

  type Theme = "gray" | "blue" | "green" | "orange" | "red";

  export const Button: DefineComponent<{
    theme?: "gray" | "blue" | "green" | "red";
    size?: "sm" | "md" | "lg" | "xl" | "2xl";
    variant?: "solid" | "subtle" | "outline" | "ghost";
    label?: string;
    icon?: string;
    iconLeft?: string;
    iconRight?: string;
    loading?: boolean;
    loadingText?: string;
    disabled?: boolean;
    link?: string;
    type?: "button" | "submit" | "reset";
  }>;

  export const Badge: DefineComponent<{
    theme?: Theme;
    size?: "sm" | "md" | "lg";
    variant?: "solid" | "subtle" | "outline" | "ghost";
    label?: string | number;
  }>;

  export const Progress: DefineComponent<{
    value: number;
    size?: "sm" | "md" | "lg" | "xl";
    label?: string;
    hint?: boolean;
  }>;

  export const LoadingIndicator: DefineComponent<Record<string, never>>;

  export const TabButtons: DefineComponent<{
    buttons: { label: string; value: string }[];
    modelValue?: string;
  }>;
}
